"""Hand-off to qualitative-analysis tools through the REFI-QDA standard.

NVivo, MAXQDA, ATLAS.ti and QualCoder exchange codebooks (``.qdc``: a
``CodeBook`` XML document) and projects (``.qdpx``: a zip with ``project.qde``
and the source files under ``sources/``). :func:`export_qdpx` writes the coded
answers as such a project so an analyst can go on coding by hand:

* every non-empty answer is a plain-text source (its anonymised text, in
  ``sources/<guid>.txt``), with the survey question as a variable;
* every theme is a code (the codebook's group becomes a set of codes);
* every theme an answer is coded with is a coding of a plain-text selection
  spanning the whole answer (positions in Unicode characters, as REFI-QDA says);
* every respondent is a case holding its answers.

GUIDs are derived from the codebook, theme and answer ids (UUID 5), so
exporting the same table twice gives the same project. The XML is validated
against the official REFI-QDA schemas shipped in ``corpus/schemas/``.
"""

from __future__ import annotations

import uuid
import zipfile
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd
from lxml import etree as ET

from pipeline.codebook import Codebook, load_codebook
from pipeline.paths import CORPUS_DIR
from pipeline.report.charts import theme_colors
from pipeline.report.html import dec
from pipeline.report.prepare import CodedAnswers, prepare_coded

SCHEMA_DIR = CORPUS_DIR / "schemas"
#: The official schemas (see ``corpus/schemas/README.md`` for where they come from).
PROJECT_SCHEMA = SCHEMA_DIR / "Project-mrt2019.xsd"
CODEBOOK_SCHEMA = SCHEMA_DIR / "Codebook.xsd"
PROJECT_NS = "urn:QDA-XML:project:1.0"
CODEBOOK_NS = "urn:QDA-XML:codebook:1.0"
ORIGIN = "raadskoder"
#: Namespace of the deterministic GUIDs of this tool.
_GUID_NS = uuid.UUID("5b0e8f5e-2d43-4c55-9a8e-7f1f3c0d2a61")


class QDAError(ValueError):
    """A REFI-QDA document does not validate; the message says where."""


def guid(*parts: str) -> str:
    """A stable GUID for the object named by ``parts``."""
    return str(uuid.uuid5(_GUID_NS, "\x1f".join(parts)))


def codebook_xml(codebook: Codebook) -> bytes:
    """The ``.qdc`` document (REFI-QDA Codebook) for ``codebook``."""
    root = ET.Element(f"{{{CODEBOOK_NS}}}CodeBook", {"origin": ORIGIN}, nsmap={None: CODEBOOK_NS})
    _codes(root, codebook, CODEBOOK_NS)
    _sets(root, codebook, CODEBOOK_NS, member_attr="guid")
    return _serialise(root)


def project_xml(
    answers: CodedAnswers, codebook: Codebook, *, name: str, now: datetime | None = None
) -> tuple[bytes, dict[str, str]]:
    """The ``project.qde`` document and the source texts (``{guid}.txt`` -> text)."""
    stamp = _datetime(now)
    ns = PROJECT_NS
    user = guid("user", ORIGIN)
    root = ET.Element(
        f"{{{ns}}}Project",
        {"name": name, "origin": ORIGIN, "creatingUserGUID": user, "creationDateTime": stamp},
        nsmap={None: ns},
    )
    users = ET.SubElement(root, f"{{{ns}}}Users")
    ET.SubElement(users, f"{{{ns}}}User", {"guid": user, "name": ORIGIN, "id": ORIGIN})
    _codes(ET.SubElement(root, f"{{{ns}}}CodeBook"), codebook, ns)

    variables = ET.SubElement(root, f"{{{ns}}}Variables")
    question_var = guid("variable", "question")
    var = ET.SubElement(
        variables, f"{{{ns}}}Variable",
        {"guid": question_var, "name": "Spørgsmål", "typeOfVariable": "Text"},
    )  # fmt: skip
    ET.SubElement(var, f"{{{ns}}}Description").text = "Spørgsmålet i skemaet, svaret hører til"

    frame = answers.frame[answers.frame["text"].str.strip() != ""]
    texts: dict[str, str] = {}
    cases = ET.SubElement(root, f"{{{ns}}}Cases")
    sources = ET.SubElement(root, f"{{{ns}}}Sources")
    source_ids: dict[str, list[str]] = {}
    for _, row in frame.iterrows():
        sid = guid("source", answers.input_sha256, row["answer_id"])
        source_ids.setdefault(row["respondent"], []).append(sid)
        texts[f"{sid}.txt"] = row["text"]
        _text_source(sources, row, sid, answers, codebook, user, stamp, question_var)
    for respondent, sids in source_ids.items():
        case = ET.SubElement(cases, f"{{{ns}}}Case", {"guid": guid("case", respondent),
                                                       "name": respondent})  # fmt: skip
        for sid in sids:
            ET.SubElement(case, f"{{{ns}}}SourceRef", {"targetGUID": sid})
    if not source_ids:  # the schema wants at least one Case/Source when the element exists
        root.remove(cases)
        root.remove(sources)
    _sets(root, codebook, ns, member_attr="targetGUID")
    ET.SubElement(root, f"{{{ns}}}Description").text = (
        f"Kodede svar ({len(frame)} svar fra {len(source_ids)} råd), kodebog "
        f"{codebook.name} version {codebook.version}; input SHA-256 {answers.input_sha256}. "
        "Teksterne er anonymiseret."
    )
    return _serialise(root), texts


def export_qdpx(
    coded: pd.DataFrame | str | Path,
    out: str | Path,
    *,
    codebook: Codebook | str | Path | None = None,
    codebook_only: bool = False,
    name: str | None = None,
    text_column: str = "answer",
    nlp=None,
    now: datetime | None = None,
) -> Path:
    """Write a ``.qdpx`` project (or, with ``codebook_only``, a ``.qdc`` codebook) and
    return its path. Both are validated against the official schemas before writing."""
    out = Path(out)
    if not isinstance(codebook, Codebook):
        codebook = load_codebook(codebook)
    out.parent.mkdir(parents=True, exist_ok=True)
    if codebook_only:
        xml = codebook_xml(codebook)
        validate(xml, CODEBOOK_SCHEMA)
        out.write_bytes(xml)
        return out
    answers = prepare_coded(coded, codebook, text_column=text_column, nlp=nlp)
    xml, texts = project_xml(answers, codebook, name=name or out.stem, now=now)
    validate(xml, PROJECT_SCHEMA)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("project.qde", xml)
        for filename, text in texts.items():
            zf.writestr(f"sources/{filename}", text.encode("utf-8"))
    return out


def validate(xml: bytes, schema_path: str | Path) -> None:
    """Raise :class:`QDAError` with the first schema violation of ``xml``.

    Uses libxml2 (through lxml), which validates a 5,000-answer project in well
    under a second; the tests validate the same files with ``xmlschema`` as well,
    so two independent validators must agree.
    """
    schema = _schema(str(schema_path))
    document = ET.fromstring(xml)
    if not schema.validate(document):
        error = schema.error_log.filter_from_errors()[0]
        raise QDAError(
            f"REFI-QDA document does not validate against {Path(schema_path).name}: "
            f"line {error.line}: {error.message}"
        )


_SCHEMAS: dict[str, ET.XMLSchema] = {}


def _schema(path: str) -> ET.XMLSchema:
    if path not in _SCHEMAS:
        _SCHEMAS[path] = ET.XMLSchema(ET.parse(path))
    return _SCHEMAS[path]


def _codes(parent, codebook: Codebook, ns: str) -> None:
    codes = ET.SubElement(parent, f"{{{ns}}}Codes")
    colors = theme_colors(codebook.theme_ids)
    for theme in codebook.themes:
        code = ET.SubElement(
            codes, f"{{{ns}}}Code",
            {"guid": _code_guid(codebook, theme.id), "name": theme.label,
             "isCodable": "true", "color": colors[theme.id]},
        )  # fmt: skip
        parts = [f"[{theme.id}] {theme.definition}"]
        if theme.include:
            parts.append(f"Medtag: {theme.include}")
        if theme.exclude:
            parts.append(f"Udelad: {theme.exclude}")
        ET.SubElement(code, f"{{{ns}}}Description").text = "\n".join(parts)


def _sets(parent, codebook: Codebook, ns: str, *, member_attr: str) -> None:
    """Codebook groups (tematisk / rådsmæssig) as sets of codes."""
    groups: dict[str, list[str]] = {}
    for theme in codebook.themes:
        groups.setdefault(theme.group, []).append(theme.id)
    sets = ET.SubElement(parent, f"{{{ns}}}Sets")
    for group, ids in groups.items():
        s = ET.SubElement(sets, f"{{{ns}}}Set",
                          {"guid": guid("set", codebook.name, group), "name": group})  # fmt: skip
        for tid in ids:
            ET.SubElement(s, f"{{{ns}}}MemberCode", {member_attr: _code_guid(codebook, tid)})


def _text_source(sources, row, sid, answers, codebook, user, stamp, question_var) -> None:
    ns = PROJECT_NS
    text = row["text"]
    source = ET.SubElement(
        sources, f"{{{ns}}}TextSource",
        {"guid": sid, "name": f"{row['respondent']} – {row['question']} – {row['answer_id']}",
         "plainTextPath": f"internal://{sid}.txt", "creatingUser": user,
         "creationDateTime": stamp},
    )  # fmt: skip
    coded = [t for t in answers.theme_ids if int(row[t]) == 1]
    if coded:
        sel = ET.SubElement(
            source, f"{{{ns}}}PlainTextSelection",
            {"guid": guid("selection", sid), "name": text[:60], "startPosition": "0",
             "endPosition": str(len(text)), "creatingUser": user, "creationDateTime": stamp},
        )  # fmt: skip
        for t in coded:
            coding = ET.SubElement(
                sel, f"{{{ns}}}Coding",
                {"guid": guid("coding", sid, t), "creatingUser": user, "creationDateTime": stamp},
            )  # fmt: skip
            ET.SubElement(coding, f"{{{ns}}}CodeRef", {"targetGUID": _code_guid(codebook, t)})
        desc = "; ".join(
            f"{answers.labels[t]}: score {dec(row[f'p_{t}'])}"
            for t in coded if pd.notna(row[f"p_{t}"])
        )  # fmt: skip
        if desc:
            d = ET.Element(f"{{{ns}}}Description")
            d.text = desc
            sel.insert(0, d)
    value = ET.SubElement(source, f"{{{ns}}}VariableValue")
    ET.SubElement(value, f"{{{ns}}}VariableRef", {"targetGUID": question_var})
    ET.SubElement(value, f"{{{ns}}}TextValue").text = str(row["question"])


def _code_guid(codebook: Codebook, theme_id: str) -> str:
    return guid("code", codebook.name, theme_id)


def _datetime(now: datetime | None) -> str:
    return (now or datetime.now(timezone.utc)).strftime("%Y-%m-%dT%H:%M:%SZ")


def _serialise(root) -> bytes:
    return ET.tostring(root, encoding="utf-8", xml_declaration=True, pretty_print=True)

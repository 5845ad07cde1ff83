"""REFI-QDA export: .qdpx project and .qdc codebook validate against the official schemas."""

from __future__ import annotations

import zipfile

import pytest
import xmlschema
from lxml import etree
from report_helpers import PERSON_NAMES, PLACE_NAMES, RESPONDENTS, coded_frame
from typer.testing import CliRunner

from pipeline.cli import app
from pipeline.codebook import load_codebook
from pipeline.qda import CODEBOOK_SCHEMA, PROJECT_SCHEMA, QDAError, export_qdpx, validate

NS = {"q": "urn:QDA-XML:project:1.0", "c": "urn:QDA-XML:codebook:1.0"}


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    out = tmp_path_factory.mktemp("qda") / "projekt.qdpx"
    coded = coded_frame(anonymised=True)
    export_qdpx(coded, out)
    return coded, out


def test_schemas_are_the_shipped_official_files():
    for path in (PROJECT_SCHEMA, CODEBOOK_SCHEMA):
        text = path.read_text(encoding="utf-8")
        assert "Rotterdam Exchange Format Initiative" in text  # REFI's own header
    assert 'targetNamespace="urn:QDA-XML:project:1.0"' in PROJECT_SCHEMA.read_text("utf-8")


def test_qdpx_validates_and_holds_every_coding(project):
    coded, path = project
    codebook = load_codebook()
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        qde = zf.read("project.qde")
        texts = {n.removeprefix("sources/"): zf.read(n).decode("utf-8") for n in names
                 if n.startswith("sources/")}  # fmt: skip
    xmlschema.XMLSchema(str(PROJECT_SCHEMA)).validate(qde.decode("utf-8"))
    root = etree.fromstring(qde)
    nonempty = coded[coded["answer_anonymised"] != ""]
    sources = root.findall(".//q:TextSource", NS)
    assert len(sources) == len(nonempty) == len(texts)
    assert len(root.findall(".//q:Case", NS)) == len(RESPONDENTS)
    codes = root.findall("q:CodeBook/q:Codes/q:Code", NS)
    assert [c.get("name") for c in codes] == [t.label for t in codebook.themes]
    n_codings = int(nonempty[codebook.theme_ids].to_numpy().sum())
    assert len(root.findall(".//q:PlainTextSelection/q:Coding", NS)) == n_codings
    for src in sources:
        text = texts[src.get("plainTextPath").removeprefix("internal://")]
        for sel in src.findall("q:PlainTextSelection", NS):
            assert (int(sel.get("startPosition")), int(sel.get("endPosition"))) == (0, len(text))
    everything = qde.decode("utf-8") + "\n".join(texts.values())
    for name in [*PLACE_NAMES, *PERSON_NAMES, *RESPONDENTS]:
        assert name not in everything


def test_export_is_reproducible(project, tmp_path):
    coded, path = project
    again = export_qdpx(coded, tmp_path / "igen.qdpx")
    guids = [
        sorted(etree.fromstring(zipfile.ZipFile(p).read("project.qde")).xpath("//@guid"))
        for p in (path, again)
    ]
    assert guids[0] == guids[1] and len(set(guids[0])) == len(guids[0])


def test_qdc_codebook_validates(tmp_path):
    out = export_qdpx(None, tmp_path / "kodebog.qdc", codebook_only=True)
    xml = out.read_bytes()
    xmlschema.XMLSchema(str(CODEBOOK_SCHEMA)).validate(xml.decode("utf-8"))
    root = etree.fromstring(xml)
    assert root.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    assert len(root.findall("c:Codes/c:Code", NS)) == len(load_codebook().themes)
    assert {s.get("name") for s in root.findall("c:Sets/c:Set", NS)} == {"tematisk", "rådsmæssig"}


def test_validation_rejects_a_broken_project(project):
    _, path = project
    root = etree.fromstring(zipfile.ZipFile(path).read("project.qde"))
    code = root.find(".//q:Code", NS)
    del code.attrib["isCodable"]  # required by the schema
    with pytest.raises(QDAError, match="isCodable"):
        validate(etree.tostring(root), PROJECT_SCHEMA)


def test_cli_export(tmp_path):
    coded = tmp_path / "kodet.csv"
    coded_frame(anonymised=True).to_csv(coded, index=False)
    runner = CliRunner()
    res = runner.invoke(app, ["export-qdpx", str(coded), "-o", str(tmp_path / "p.qdpx")])
    assert res.exit_code == 0, res.output
    assert zipfile.is_zipfile(tmp_path / "p.qdpx")
    res = runner.invoke(app, ["export-qdpx", "-o", str(tmp_path / "k.qdc"), "--codebook-only"])
    assert res.exit_code == 0 and (tmp_path / "k.qdc").exists()
    res = runner.invoke(app, ["export-qdpx", "-o", str(tmp_path / "x.qdpx")])
    assert res.exit_code == 2


def test_control_characters_from_excel_do_not_break_the_export(tmp_path):
    coded = coded_frame(anonymised=True)
    coded.loc[0, "answer_anonymised"] = "Første linje\x0banden linje\x01"
    out = export_qdpx(coded, tmp_path / "p.qdpx")
    with zipfile.ZipFile(out) as zf:
        texts = [zf.read(n).decode("utf-8") for n in zf.namelist() if n.startswith("sources/")]
    assert "Første linje anden linje " in texts

"""Gazetteers (kept as data in ``corpus/gazetteers``) turned into ``entity_ruler`` patterns.

The data files are the source of truth and are edited by hand:

- ``municipalities.csv``: the 98 municipalities with genitive and official
  names (*Københavns Kommune*, *Bornholms Regionskommune*) and spelling variants;
  ``ambiguous = 1`` marks names that are also common words (*Vejen* "the road",
  *Odder* "otter", *Greve* "count"), matched only inside a sentence.
- ``regions.csv``: the five regions (label ``LOC``, as in the annotation guidelines).
- ``countries.txt``: countries and world regions by their Danish names (``LOC``),
  so that *Myanmar* or *Eritrea* is never taken for a person; ``cities.txt``:
  cities abroad that the field names (*Aleppo*, *Kharkiv*, *Bergen*), likewise;
  ``world_places.txt``: large cities of the world and US states that news names
  (generated from GeoNames by ``build_world_places.py``), likewise.
- ``organisations.csv``: national organisations and authorities of the field and
  the political parties (matched also in the genitive: *Rigsrevisionens*).
- ``committees.csv``: named municipal committees and councils.
- ``rules.jsonl``: hand-written token patterns (committee name shapes, laws,
  money, percentages, dates, case numbers).

``build_patterns()`` expands the tables into every inflected form and
``python -m pipeline.nlp.build_patterns`` writes them, with the rules, to
``patterns.jsonl``, which the pipeline loads. The module also answers the
anonymiser's two questions about municipalities: is this mention genitive, and
which municipality names hide inside a longer entity (*Jobcenter Aarhus*)?
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from pipeline.paths import GAZETTEER_DIR

PATTERNS_FILE = "patterns.jsonl"
COUNTRIES_FILE = "countries.txt"
CITIES_FILE = "cities.txt"
WORLD_PLACES_FILE = "world_places.txt"
#: Cities abroad, matched as ``LOC`` and known as places of kind ``city``.
CITY_FILES = (CITIES_FILE, WORLD_PLACES_FILE)


@dataclass(frozen=True)
class Municipality:
    """One of the 98 municipalities and the names it goes by."""

    name: str
    genitive: str
    official: str
    region: str
    variants: tuple[str, ...] = ()
    ambiguous: bool = False

    @property
    def id(self) -> str:
        return "municipality:" + self.name.lower()

    def forms(self) -> Iterator[tuple[str, bool]]:
        """Every surface form as ``(text, is_genitive)``.

        Bare name and genitive, official name and its genitive, and the
        informal "<name> Kommune" where the official name differs from it
        (*Nordfyn Kommune* next to *Nordfyns Kommune*).
        """
        names = [(self.name, self.genitive), *((v, genitive(v)) for v in self.variants)]
        heads = [self.official, *(f"{base} Kommune" for base, _ in names)]
        candidates = [f for base, gen in names for f in ((base, False), (gen, True))]
        candidates += [f for head in heads for f in ((head, False), (head + "s", True))]
        seen: set[str] = set()
        for text, is_gen in candidates:
            if text not in seen:
                seen.add(text)
                yield text, is_gen


def genitive(name: str) -> str:
    """Danish genitive of a proper name: *Vejle* → *Vejles*, *Aarhus* → *Aarhus'*."""
    return name + ("'" if name[-1] in "sxzSXZ" else "s")


def org_genitives(name: str) -> tuple[str, ...]:
    """Genitives of an organisation's name: *Rigsrevisionens*; an abbreviation in capitals
    takes both spellings in use, *DBU's* and *DBUs*; a name ending in a digit (*TV 2*) or
    already in the genitive (*FN's*) none."""
    if name[-1].isdigit() or name.endswith(("'s", "’s")):
        return ()
    if name.isupper():
        return (name + "'s", name + "s")
    return (genitive(name),)


@lru_cache(maxsize=2)
def known_organisations(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """Every name and alias of ``organisations.csv``, lower case."""
    return frozenset(text.lower() for _, text in organisation_names(directory))


@lru_cache(maxsize=2)
def organisation_words(directory: Path = GAZETTEER_DIR) -> frozenset[str]:
    """The one-word organisation names and aliases of ``organisations.csv``, lower case
    (*facebook*, *novozymes*): the heads of brand compounds such as *Facebookgruppe*."""
    return frozenset(w for w in known_organisations(directory) if " " not in w and w.isalpha())


def organisation_names(directory: Path = GAZETTEER_DIR) -> Iterator[tuple[str, str]]:
    """``(pattern id, name)`` for every name and alias of ``organisations.csv``."""
    for r in _read_csv(Path(directory) / "organisations.csv"):
        pid = "org:" + r["name"].strip().lower()
        for text in (r["name"].strip(), *_split(r.get("aliases"))):
            yield pid, text


def _read_csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [row for row in csv.DictReader(fh) if any(v.strip() for v in row.values())]


def _split(cell: str | None) -> tuple[str, ...]:
    return tuple(v.strip() for v in (cell or "").split("|") if v.strip())


@lru_cache(maxsize=4)
def load_municipalities(directory: Path = GAZETTEER_DIR) -> tuple[Municipality, ...]:
    """The municipality table, validated (98 rows, unique names)."""
    path = Path(directory) / "municipalities.csv"
    rows = _read_csv(path)
    items = tuple(
        Municipality(
            name=r["name"].strip(),
            genitive=r["genitive"].strip(),
            official=r["official"].strip(),
            region=r["region"].strip(),
            variants=_split(r.get("variants")),
            ambiguous=r.get("ambiguous", "0").strip() == "1",
        )
        for r in rows
    )
    names = [m.name for m in items]
    if len(set(names)) != len(names):
        raise ValueError(f"{path}: duplicate municipality names")
    return items


def _phrase(label: str, text: str, pid: str) -> dict:
    return {"label": label, "pattern": text, "id": pid}


def municipality_patterns(items: Iterable[Municipality]) -> Iterator[dict]:
    """Phrase patterns for every form, also in capitals (headings: *TØNDER KOMMUNE*) and
    in lower case (:func:`lower_case_form`).

    Ambiguous one-word forms become token patterns that refuse the first word
    of a sentence, where *Vejen* is "the road".
    """
    for m in items:
        for text, is_gen in m.forms():
            pid = m.id + (":gen" if is_gen else "")
            if m.ambiguous and " " not in text:
                token = [{"ORTH": text, "IS_SENT_START": False}]
                yield {"label": "MUNICIPALITY", "pattern": token, "id": pid}
            else:
                yield _phrase("MUNICIPALITY", text, pid)
            if text.upper() != text:
                yield _phrase("MUNICIPALITY", text.upper(), pid)
            if lower_case_form(m, text):
                yield _phrase("MUNICIPALITY", text.lower(), pid)


def lower_case_form(m: Municipality, text: str) -> bool:
    """Whether to match ``text`` in lower case too, as survey answers write it (*odense kommune*).

    Not for ambiguous names, nor for a one-word form that is a Danish word in lower case.
    """
    from pipeline.nlp.lexicon import is_danish_word  # the lemma table, read on first use

    if m.ambiguous or text.lower() == text:
        return False
    return " " in text or not is_danish_word(text)


#: A council or committee named after its municipality: *Københavns Integrationsråd*.
_NAMED_BODY = {"TEXT": {"REGEX": "^[A-ZÆØÅ][a-zæøå]*(råd|udvalg)s?$"}}


def named_committee_patterns(items: Iterable[Municipality]) -> Iterator[dict]:
    """``<municipality> <Xråd>`` as COMMITTEE (longer, so it wins over the bare name).

    One pattern with a set of one-word names: the matcher tries every token
    pattern at every token, so one set lookup is far cheaper than a pattern per name.
    """
    names = sorted({t for m in items for t, _ in m.forms() if " " not in t})
    yield {"label": "COMMITTEE", "pattern": [{"ORTH": {"IN": names}}, _NAMED_BODY],
           "id": "committee"}


def fold_one_word_phrases(patterns: list[dict]) -> list[dict]:
    """The phrase patterns of one token, per label, as one token pattern with the set
    of their texts; longer phrases and token patterns stay as they are.

    The ruler turns each phrase pattern into a parsed Doc, which for the ~3,000 one-word
    names (cities of the world, municipality forms, countries) cost ~7 MB in every
    worker; a set matches the same tokens (``ORTH``, as the phrase matcher does) at
    almost no cost. The patterns' ids are not used downstream.
    """
    tokenizer = _tokenizer()
    single: dict[str, set[str]] = {}
    out: list[dict] = []
    for p in patterns:
        text = p["pattern"]
        if isinstance(text, str) and len(tokenizer(text)) == 1:
            single.setdefault(p["label"], set()).add(text)
        else:
            out.append(p)
    out += [{"label": label, "pattern": [{"ORTH": {"IN": sorted(texts)}}],
             "id": label.lower() + ":words"} for label, texts in sorted(single.items())]
    return out


@lru_cache(maxsize=1)
def _tokenizer():
    from pipeline.nlp.language import blank_danish

    return blank_danish().tokenizer


def build_patterns(directory: Path = GAZETTEER_DIR) -> list[dict]:
    """All ``entity_ruler`` patterns from the gazetteer tables and ``rules.jsonl``."""
    directory = Path(directory)
    municipalities = load_municipalities(directory)
    patterns = [*municipality_patterns(municipalities), *named_committee_patterns(municipalities)]
    for r in _read_csv(directory / "regions.csv"):
        pid = "region:" + r["short"].strip().lower()
        patterns.append(_phrase("LOC", r["name"].strip(), pid))
        patterns.append(_phrase("LOC", r["genitive"].strip(), pid))
    for name in read_word_list(directory / COUNTRIES_FILE):
        patterns.append(_phrase("LOC", name, "country:" + name.lower()))
    for name in (n for f in CITY_FILES for n in read_word_list(directory / f)):
        patterns.append(_phrase("LOC", name, "city:" + name.lower()))
    for pid, text in organisation_names(directory):
        patterns.append(_phrase("ORG", text, pid))
        for form in org_genitives(text):
            patterns.append(_phrase("ORG", form, pid + ":gen"))
    for r in _read_csv(directory / "committees.csv"):
        name = r["name"].strip()
        forms = dict.fromkeys([name, name.upper()])  # ordered, deduplicated
        patterns += [_phrase("COMMITTEE", form, "committee") for form in forms]
    with (directory / "rules.jsonl").open(encoding="utf-8") as fh:
        patterns.extend(json.loads(line) for line in fh if line.strip())
    return fold_one_word_phrases(patterns)


def read_word_list(path: Path) -> list[str]:
    """One entry per line; ``#`` comments and blank lines skipped (empty when missing)."""
    if not Path(path).exists():
        return []
    lines = Path(path).read_text(encoding="utf-8").splitlines()
    return [w.strip() for w in lines if w.strip() and not w.startswith("#")]


def write_patterns(directory: Path = GAZETTEER_DIR) -> Path:
    """Regenerate ``patterns.jsonl`` from the tables; returns its path."""
    out = Path(directory) / PATTERNS_FILE
    with out.open("w", encoding="utf-8") as fh:
        for p in build_patterns(directory):
            fh.write(json.dumps(p, ensure_ascii=False) + "\n")
    return out


def read_patterns(directory: Path = GAZETTEER_DIR) -> list[dict]:
    """The generated patterns (built on the fly when ``patterns.jsonl`` is missing)."""
    path = Path(directory) / PATTERNS_FILE
    return read_patterns_file(path) if path.exists() else build_patterns(directory)


def read_patterns_file(path: Path) -> list[dict]:
    """Patterns of one JSONL file."""
    with Path(path).open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


_KOMMUNE_WORDS = ("kommune", "kommunes", "regionskommune", "regionskommunes")


@lru_cache(maxsize=4)
def _municipality_forms(directory: Path = GAZETTEER_DIR) -> dict[str, bool]:
    items = load_municipalities(directory)
    forms = {t: g for m in items for t, g in m.forms()}
    lower = {t.lower(): g for m in items for t, g in m.forms() if lower_case_form(m, t)}
    return {**lower, **{t.upper(): g for t, g in forms.items()}, **forms}


def is_genitive_municipality(text: str, directory: Path = GAZETTEER_DIR) -> bool:
    """Whether a municipality mention is genitive (*Aarhus Kommunes*, *Vejles*, *Aarhus'*).

    Known forms are looked up; for a form the gazetteer lacks (a misspelling the
    statistical NER found) the Danish genitive endings decide: *Kommunes*, a
    final apostrophe, or an ``s`` after a known bare name. *Københavns Kommune*
    is nominative: the genitive *Københavns* is part of the official name.
    """
    text = " ".join(text.split())
    forms = _municipality_forms(Path(directory))
    if text in forms:
        return forms[text]
    last = text.split(" ")[-1]
    if last.lower() in ("kommune", "regionskommune"):
        return False
    if last.lower() in ("kommunes", "regionskommunes") or text.endswith(("'", "’")):
        return True
    return text.endswith(("s", "S")) and text[:-1] in forms


def is_municipality_name(text: str, directory: Path = GAZETTEER_DIR) -> bool:
    """Whether ``text`` names one of the 98 municipalities (any known form, or "<X> Kommune(s)")."""
    text = " ".join(text.split())
    if text in _municipality_forms(Path(directory)):
        return True
    return text.split(" ")[-1].lower() in _KOMMUNE_WORDS


@lru_cache(maxsize=4)
def municipality_regex(directory: Path = GAZETTEER_DIR) -> re.Pattern:
    """Regex for any municipality form as a whole word, longest forms first."""
    forms = sorted(_municipality_forms(Path(directory)), key=len, reverse=True)
    alternatives = "|".join(re.escape(f) for f in forms)
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")

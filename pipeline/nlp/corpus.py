"""Annotated NER data → spaCy ``DocBin`` files, split into train/dev/test.

Three input formats:

- **inline** (the project's corpus, ``corpus/ner/*.txt``): one text per line,
  entities marked ``{surface|LABEL}``, ``#`` starts a comment line;
- **CoNLL/IOB2** (``.conll``, ``.conllu``, ``.iob``, ``.iob2``, ``.bio``,
  ``.tsv``): one token per line, tag in the last column, blank line between
  sentences; CoNLL-U files with ``name=B-PER`` in the MISC column (how DaNE is
  distributed) are read from that column;
- **DocBin** (``.spacy``).

The split is a function of the text alone (a hash of the line's plain text):
it does not move when files are added, reordered or renamed, a sentence that
occurs twice lands in one split only, and the test split is never trained on.
Inline spans must fall on token boundaries of the project tokenizer (a token
is split where a span edge cuts it next to a digit or punctuation mark); lines
where they do not are reported and left out rather than trained on with a wrong
span.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import biluo_tags_to_spans, iob_to_biluo

SPLITS = ("train", "dev", "test")
#: Percent of texts per split, by hash bucket 0-99.
SPLIT_SHARES = {"train": 80, "dev": 10, "test": 10}

CONLL_SUFFIXES = (".conll", ".conllu", ".iob", ".iob2", ".bio", ".tsv")
FORMATS = ("auto", "inline", "conll", "docbin")

_MARK = re.compile(r"\{([^{}|]+)\|([A-Z_]+)\}")


class CorpusError(ValueError):
    """Annotated data cannot be read; the message names the file (and line) and the problem."""


@dataclass
class Record:
    """One annotated text with character-offset spans, and where it came from."""

    text: str
    spans: list[tuple[int, int, str]]
    source: str


@dataclass
class Corpus:
    """Docs per split, plus the lines that could not be used and why."""

    docs: dict[str, list[Doc]] = field(default_factory=lambda: {s: [] for s in SPLITS})
    problems: list[str] = field(default_factory=list)

    def counts(self) -> dict[str, int]:
        return {split: len(docs) for split, docs in self.docs.items()}


def split_of(text: str) -> str:
    """``train``, ``dev`` or ``test`` from a stable hash of the whitespace-normalised text."""
    key = " ".join(text.split()).encode("utf-8")
    bucket = int(hashlib.sha1(key).hexdigest(), 16) % 100
    if bucket < SPLIT_SHARES["train"]:
        return "train"
    return "dev" if bucket < SPLIT_SHARES["train"] + SPLIT_SHARES["dev"] else "test"


def parse_inline(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """Strip ``{surface|LABEL}`` marks; return the plain text and the spans' offsets."""
    parts: list[str] = []
    spans: list[tuple[int, int, str]] = []
    cursor = length = 0
    for m in _MARK.finditer(line):
        before = line[cursor:m.start()]
        parts.append(before)
        length += len(before)
        surface = m.group(1)
        spans.append((length, length + len(surface), m.group(2)))
        parts.append(surface)
        length += len(surface)
        cursor = m.end()
    parts.append(line[cursor:])
    text = "".join(parts)
    if "{" in text or "}" in text:
        raise ValueError("unbalanced or malformed {surface|LABEL} mark")
    return text, spans


def read_inline(path: Path) -> Iterator[Record]:
    """Records of an inline-annotated file (comments and blank lines skipped)."""
    for no, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        try:
            text, spans = parse_inline(line)
        except ValueError as exc:
            raise CorpusError(f"{path}:{no}: {exc}") from exc
        yield Record(text, spans, f"{path.name}:{no}")


def _conll_sentences(path: Path) -> Iterator[tuple[list[str], list[str], int]]:
    words: list[str] = []
    tags: list[str] = []
    start = 1
    lines = path.read_text(encoding="utf-8").splitlines()
    for no, raw in enumerate([*lines, ""], 1):
        line = raw.strip()
        if not line or line.startswith("-DOCSTART-"):
            if words:
                yield words, tags, start
            words, tags, start = [], [], no + 1
            continue
        if line.startswith("#"):
            continue
        cols = line.split("\t") if "\t" in line else line.split()
        if len(cols) < 2:
            raise CorpusError(f"{path}:{no}: expected a token and a tag, got {line!r}")
        if len(cols) == 10 and cols[0].isdigit():  # CoNLL-U: tag in MISC as name=B-PER
            if "-" in cols[0] or "." in cols[0]:
                continue  # multiword token / empty node
            misc = dict(kv.split("=", 1) for kv in cols[9].split("|") if "=" in kv)
            words.append(cols[1])
            tags.append(misc.get("name", "O"))
        else:
            words.append(cols[0])
            tags.append(cols[-1])


def read_conll(path: Path, vocab) -> Iterator[tuple[Doc, str]]:
    """Docs (gold tokenisation kept) of a CoNLL/IOB2 or CoNLL-U file."""
    for words, tags, no in _conll_sentences(path):
        doc = Doc(vocab, words=words)
        try:
            doc.ents = biluo_tags_to_spans(doc, iob_to_biluo(tags))
        except Exception as exc:  # spaCy raises ValueError/KeyError for bad tags
            raise CorpusError(f"{path}:{no}: bad IOB tags: {exc}") from exc
        yield doc, f"{path.name}:{no}"


def detect_format(path: Path) -> str:
    """Format of one file by its extension."""
    suffix = path.suffix.lower()
    if suffix == ".spacy":
        return "docbin"
    if suffix in CONLL_SUFFIXES:
        return "conll"
    if suffix == ".txt":
        return "inline"
    raise CorpusError(f"{path}: unknown annotation format {suffix or '(no extension)'}")


def corpus_files(path: Path, fmt: str = "auto") -> list[tuple[Path, str]]:
    """Files of a corpus file or directory with their formats (hidden files skipped)."""
    path = Path(path)
    if not path.exists():
        raise CorpusError(f"{path}: no such file or directory")
    files = [path] if path.is_file() else sorted(
        p for p in path.rglob("*") if p.is_file() and not p.name.startswith(".")
        and (fmt != "auto" or p.suffix.lower() in (".txt", ".spacy", *CONLL_SUFFIXES))
    )
    if not files:
        raise CorpusError(f"{path}: no annotated files (.txt, .conll, .iob2, .spacy, ...)")
    return [(f, detect_format(f) if fmt == "auto" else fmt) for f in files]


def record_to_doc(record: Record, nlp: Language) -> Doc:
    """Tokenise a record with the project tokenizer and set its entities (strict alignment).

    A span edge that falls inside a token next to a digit or a punctuation mark (*@hodan*,
    *Hussein2*, which the loaded pipeline splits, or *Radio4.*, which it reads as *Radio*
    *4.*) splits that token there: the annotation is right and the tokenizer's cut is a
    guess, so the text is kept for training (where spaCy aligns the tokens it predicts
    with these) and for evaluation (which compares characters). An edge between two
    letters (*{Amina|PER}s*) or on whitespace is still an error."""
    edges = {edge for start, end, _ in record.spans for edge in (start, end)
             if 0 < edge < len(record.text)
             and not (record.text[edge - 1].isalpha() and record.text[edge].isalpha())}
    doc = _split_at(nlp.make_doc(record.text), edges)
    ents = []
    for start, end, label in record.spans:
        span = doc.char_span(start, end, label, alignment_mode="strict")
        if span is None:
            found = doc.char_span(start, end, alignment_mode="expand")
            raise ValueError(
                f"{record.text[start:end]!r} ({label}) is not on token boundaries "
                f"(tokens: {found.text if found is not None else '?'!r})"
            )
        ents.append(span)
    doc.ents = ents
    return doc


def _split_at(doc: Doc, edges: set[int]) -> Doc:
    """``doc`` with every token that has one of ``edges`` strictly inside it split there.
    Almost every edge is already a token boundary: only the others are looked for."""
    inside = edges - {t.idx for t in doc} - {t.idx + len(t) for t in doc}
    if not inside:
        return doc
    with doc.retokenize() as retokenizer:
        for token in doc:
            at = sorted(e - token.idx for e in inside if token.idx < e < token.idx + len(token))
            if at:
                orths = [token.text[a:b] for a, b in pairwise([0, *at, len(token)])]
                retokenizer.split(token, orths, heads=[(token, 0)] * len(orths))
    return doc


def iter_docs(path: Path, nlp: Language, fmt: str = "auto") -> Iterator[tuple[Doc | None, str]]:
    """``(doc, source)`` per text; for an unusable line ``doc`` is None, ``source`` the problem."""
    for file, file_fmt in corpus_files(path, fmt):
        if file_fmt == "inline":
            for record in read_inline(file):
                try:
                    yield record_to_doc(record, nlp), record.source
                except ValueError as exc:
                    yield None, f"{record.source}: {exc}"
        elif file_fmt == "conll":
            yield from read_conll(file, nlp.vocab)
        elif file_fmt == "docbin":
            try:
                docs = list(DocBin().from_disk(file).get_docs(nlp.vocab))
            except Exception as exc:  # corrupt or not a DocBin
                raise CorpusError(f"{file}: cannot read as spaCy DocBin: {exc}") from exc
            for i, doc in enumerate(docs):
                yield doc, f"{file.name}#{i}"
        else:
            raise CorpusError(f"{file}: unknown format {file_fmt!r}; expected one of {FORMATS}")


def load_corpus(path: Path, nlp: Language, fmt: str = "auto") -> Corpus:
    """All docs of ``path`` split by text hash; unusable lines go to ``problems``."""
    corpus = Corpus()
    for doc, source in iter_docs(Path(path), nlp, fmt):
        if doc is None:
            corpus.problems.append(source)
        else:
            corpus.docs[split_of(doc.text)].append(doc)
    return corpus


def write_docbins(corpus: Corpus, out_dir: Path) -> dict[str, Path]:
    """``train.spacy``, ``dev.spacy``, ``test.spacy`` in ``out_dir``."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {}
    for split, docs in corpus.docs.items():
        paths[split] = out_dir / f"{split}.spacy"
        DocBin(docs=docs, store_user_data=False).to_disk(paths[split])
    return paths


def label_counts(docs: Iterable[Doc]) -> dict[str, int]:
    """Entity mentions per label."""
    counts: dict[str, int] = {}
    for doc in docs:
        for ent in doc.ents:
            counts[ent.label_] = counts.get(ent.label_, 0) + 1
    return dict(sorted(counts.items()))

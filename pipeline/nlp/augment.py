"""Training-data augmentation: the same sentences with other names in them.

A corpus of a few thousand sentences holds a few hundred names, and a small
model learns those names rather than what a name looks like in context. The
``raadskoder.name_swap.v1`` augmenter (used by ``corpus/ner/config.cfg`` for
the training corpus only, never for dev or test) yields each example and, with
probability ``level``, a copy whose person names are replaced by names drawn
from ``corpus/gazetteers/person_names.csv`` (first and last names of the
origins common in Denmark: Danish, Arabic, Somali, Turkish and Kurdish,
Persian and Afghan, Ukrainian, other European, East African, Asian) and whose
organisations and places are replaced by other organisations and places seen
earlier in the training data. Swapping only the person names teaches the model
that any two capitalised words are a person (*Kirkens Korshær*, *Kino Ikast*);
moving organisation names into new contexts as well keeps the balance. The
same names file is also the name gazetteer of the person-name rules
(:mod:`pipeline.nlp.lexicon`), read there at run time.
"""

from __future__ import annotations

import csv
import random
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example


@dataclass(frozen=True)
class NameBank:
    """First and last names per origin, to draw from."""

    first: dict[str, tuple[str, ...]]
    last: dict[str, tuple[str, ...]]

    @classmethod
    def from_csv(cls, path: Path) -> NameBank:
        names: dict[str, dict[str, list[str]]] = {"first": {}, "last": {}}
        with Path(path).open(encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh):
                bucket = names[row["kind"].strip()].setdefault(row["origin"].strip(), [])
                bucket.extend(n.strip() for n in row["names"].split("|") if n.strip())
        first = {k: tuple(v) for k, v in names["first"].items()}
        last = {k: tuple(v) for k, v in names["last"].items() if k in first}
        return cls(first, last)

    def word_names(self) -> tuple[str, ...]:
        """The bank's names that are also Danish words (*Storm*, *Skov*, *Lund*, *Sol*):
        swapped in, they teach the model that the context, not the word, makes a name."""
        from pipeline.nlp.lexicon import is_danish_word

        every = {n for group in (*self.first.values(), *self.last.values()) for n in group}
        return tuple(sorted(n for n in every if " " not in n and is_danish_word(n.lower())))

    def sample(self, n_tokens: int, rng: random.Random) -> str:
        """A name about as long as the one it replaces; mostly of one origin, sometimes mixed."""
        origin = rng.choice(sorted(self.last))
        first, last = self.first[origin], self.last[origin]
        if rng.random() < 0.2:  # mixed marriages, adopted surnames
            last = self.last[rng.choice(sorted(self.last))]
        if n_tokens <= 1:
            return rng.choice(first if rng.random() < 0.6 else last)
        if n_tokens == 2:
            return f"{rng.choice(first)} {rng.choice(last)}"
        middle = rng.choice(first if rng.random() < 0.5 else last)
        return f"{rng.choice(first)} {middle} {rng.choice(last)}"


def _in_case_of(original: str, name: str) -> str:
    """``name`` written as ``original`` is: lower case, capitals, or as sampled."""
    letters = [c for c in original if c.isalpha()]
    if not letters:
        return name
    if all(c.islower() for c in letters):
        return name.lower()
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return name.upper()
    return name


#: Labels whose surfaces are moved between training sentences.
SHUFFLED_LABELS = ("ORG", "LOC")


def swap_names(
    doc: Doc,
    vocab,
    names: NameBank,
    rng: random.Random,
    surfaces: dict[str, deque[str]] | None = None,
    *,
    match_case: bool = False,
    word_names: tuple[str, ...] = (),
    word_share: float = 0.0,
) -> Doc | None:
    """A copy of a gold doc with PER entities replaced by sampled names and ORG/LOC by
    other surfaces of the same label from ``surfaces`` (None if nothing was replaced).

    ``match_case``: a name written in lower case (*umut* in a chat) or in capitals (a
    heading) is replaced by a name written the same way, not by a capitalised one.
    ``word_share`` of the persons get one of ``word_names`` instead (one word)."""
    surfaces = surfaces or {}
    words: list[str] = []
    spaces: list[bool] = []
    tags: list[str] = []
    replaced = False
    i = 0
    while i < len(doc):
        token = doc[i]
        label = token.ent_type_
        pool = surfaces.get(label)
        if token.ent_iob_ == "B" and (label == "PER" or pool):
            end = i + 1
            while end < len(doc) and doc[end].ent_iob_ == "I":
                end += 1
            if label != "PER":
                new = rng.choice(pool)
            elif word_names and rng.random() < word_share:
                new = rng.choice(word_names)
            else:
                new = names.sample(end - i, rng)
            if label == "PER" and match_case:
                new = _in_case_of(doc[i:end].text, new)
            parts = new.split()
            words += parts
            spaces += [True] * (len(parts) - 1) + [bool(doc[end - 1].whitespace_)]
            tags += [f"B-{label}"] + [f"I-{label}"] * (len(parts) - 1)
            replaced = True
            i = end
            continue
        words.append(token.text)
        spaces.append(bool(token.whitespace_))
        iob = token.ent_iob_
        tags.append(f"{iob}-{label}" if iob in ("B", "I") else "O")
        i += 1
    return Doc(vocab, words=words, spaces=spaces, ents=tags) if replaced else None


@spacy.registry.augmenters("raadskoder.name_swap.v1")
def create_name_swap_augmenter(
    path: str, level: float = 0.5, seed: int = 0, match_case: bool = False,
    word_names: float = 0.0,
) -> Callable[[Language, Example], Iterator[Example]]:
    """Config entry: ``[corpora.train.augmenter]`` with the names file and the probability;
    ``match_case`` and ``word_names`` (the share of word-like names) as in :func:`swap_names`."""
    names = NameBank.from_csv(Path(path))
    words = names.word_names() if word_names > 0 else ()
    rng = random.Random(seed)
    surfaces: dict[str, deque[str]] = {label: deque(maxlen=2000) for label in SHUFFLED_LABELS}

    def augment(nlp: Language, example: Example) -> Iterator[Example]:
        yield example
        if rng.random() < level:
            swapped = swap_names(example.reference, nlp.vocab, names, rng, surfaces,
                                 match_case=match_case, word_names=words,
                                 word_share=word_names)
            if swapped is not None:
                yield Example(nlp.make_doc(swapped.text), swapped)
        for ent in example.reference.ents:
            if ent.label_ in surfaces:
                surfaces[ent.label_].append(ent.text)

    return augment

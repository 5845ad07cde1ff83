"""The coding frame (codebook) as data: themes, labels, definitions and keyword patterns.

A codebook is a YAML file so that the secretariat can change the frame without
touching code: the classifier turns each theme's ``keywords`` into features, the
report prints ``label`` and ``definition``, and a human coder reads ``include`` and
``exclude``. Validation happens once, here, and names the file, the theme and the
field, because a codebook is hand-edited and a typo must not surface later as a
confusing model error.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from pipeline.paths import DEFAULT_CODEBOOK

#: Allowed values of ``group``: thematic focus areas and council-related ones.
GROUPS = ("tematisk", "rådsmæssig")

_THEME_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_REQUIRED_TOP = ("name", "version", "themes")
_REQUIRED_THEME = ("id", "label", "group", "definition", "keywords")


class CodebookError(ValueError):
    """A codebook file is missing, unreadable or malformed; the message says where."""


@dataclass(frozen=True)
class Theme:
    """One theme of the coding frame."""

    id: str
    label: str
    group: str
    definition: str
    include: str = ""
    exclude: str = ""
    keywords: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()

    def compiled_keywords(self) -> list[re.Pattern[str]]:
        """The keyword patterns compiled case-insensitively (validated at load time)."""
        return [re.compile(p, re.IGNORECASE) for p in self.keywords]


@dataclass(frozen=True)
class Codebook:
    """A named, versioned list of themes; ``sha256`` identifies the exact file content."""

    name: str
    version: str
    themes: list[Theme]
    source: str = ""
    path: str = ""
    sha256: str = ""
    _by_id: dict[str, Theme] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({t.id: t for t in self.themes})

    @property
    def theme_ids(self) -> list[str]:
        """Theme ids in codebook order (the column order of every coded table)."""
        return [t.id for t in self.themes]

    def theme(self, theme_id: str) -> Theme:
        """The theme with id ``theme_id`` (KeyError naming the known ids otherwise)."""
        try:
            return self._by_id[theme_id]
        except KeyError:
            raise KeyError(f"unknown theme {theme_id!r}; codebook has {self.theme_ids}") from None

    def label(self, theme_id: str) -> str:
        """The Danish label of a theme, as published."""
        return self.theme(theme_id).label

    @property
    def labels(self) -> dict[str, str]:
        """Theme id -> label, in codebook order."""
        return {t.id: t.label for t in self.themes}


def load_codebook(path: str | Path | None = None) -> Codebook:
    """Read and validate a codebook YAML file (None = the shipped 2023 codebook).

    Raises :class:`CodebookError` naming the file and the problem: unreadable YAML,
    a missing key, a duplicate or malformed theme id, an unknown group, a keyword
    pattern that does not compile.
    """
    path = Path(path) if path is not None else DEFAULT_CODEBOOK
    if not path.is_file():
        raise CodebookError(f"{path}: codebook file not found")
    raw = path.read_bytes()
    try:
        data = yaml.safe_load(raw.decode("utf-8"))
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise CodebookError(f"{path}: not a readable UTF-8 YAML file: {exc}") from exc
    return parse_codebook(data, source=str(path), sha256=hashlib.sha256(raw).hexdigest())


def parse_codebook(data: Any, *, source: str = "<codebook>", sha256: str = "") -> Codebook:
    """Validate the parsed YAML structure ``data`` and build a :class:`Codebook`."""
    if not isinstance(data, dict):
        raise CodebookError(f"{source}: expected a mapping with keys {list(_REQUIRED_TOP)}")
    missing = [k for k in _REQUIRED_TOP if k not in data]
    if missing:
        raise CodebookError(f"{source}: missing top-level key(s) {missing}")
    themes_raw = data["themes"]
    if not isinstance(themes_raw, list) or not themes_raw:
        raise CodebookError(f"{source}: 'themes' must be a non-empty list")
    themes: list[Theme] = []
    seen: set[str] = set()
    for i, item in enumerate(themes_raw, start=1):
        theme = _parse_theme(item, source=source, index=i)
        if theme.id in seen:
            raise CodebookError(f"{source}: duplicate theme id {theme.id!r} (theme #{i})")
        seen.add(theme.id)
        themes.append(theme)
    return Codebook(
        name=str(data["name"]),
        version=str(data["version"]),
        source=str(data.get("source", "")).strip(),
        themes=themes,
        path=source,
        sha256=sha256,
    )


def _parse_theme(item: Any, *, source: str, index: int) -> Theme:
    where = f"{source}: theme #{index}"
    if not isinstance(item, dict):
        raise CodebookError(f"{where}: expected a mapping, got {type(item).__name__}")
    tid = item.get("id")
    if tid is not None:
        where = f"{source}: theme {tid!r}"
    missing = [k for k in _REQUIRED_THEME if k not in item or item[k] in (None, "")]
    if missing:
        raise CodebookError(f"{where}: missing field(s) {missing}")
    if not isinstance(tid, str) or not _THEME_ID.match(tid):
        raise CodebookError(
            f"{where}: field 'id' must be lower-case letters, digits and '_' (got {tid!r})"
        )
    if item["group"] not in GROUPS:
        raise CodebookError(
            f"{where}: field 'group' is {item['group']!r}; expected one of {list(GROUPS)}"
        )
    keywords = _string_list(item.get("keywords"), where=where, key="keywords")
    for pattern in keywords:
        try:
            re.compile(pattern, re.IGNORECASE)
        except re.error as exc:
            raise CodebookError(
                f"{where}: field 'keywords': pattern {pattern!r} does not compile: {exc}"
            ) from exc
    return Theme(
        id=tid,
        label=str(item["label"]).strip(),
        group=item["group"],
        definition=" ".join(str(item["definition"]).split()),
        include=" ".join(str(item.get("include") or "").split()),
        exclude=" ".join(str(item.get("exclude") or "").split()),
        keywords=tuple(keywords),
        examples=tuple(_string_list(item.get("examples") or [], where=where, key="examples")),
    )


def _string_list(value: Any, *, where: str, key: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise CodebookError(f"{where}: field {key!r} must be a list of non-empty strings")
    return list(value)

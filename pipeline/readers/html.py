"""HTML reader on BeautifulSoup + lxml, for minutes published as web pages.

Navigation, scripts and styles are dropped; block elements become lines.
Headings get the sizes browsers give them (``HEADING_SIZES``) so that the
segmenters see them as headings, list items get a bullet, table rows become
``cell | cell`` lines. The charset comes from the ``<meta>`` tag when present,
then UTF-8, then cp1252 (what older Danish CMSs write).
"""

from __future__ import annotations

import re
from pathlib import Path

from pipeline.readers.base import Line, Page, RawDocument, ReadError, content_hash
from pipeline.tables import TableError, decode_bytes

BODY_SIZE = 12.0
HEADING_SIZES = {"h1": 24.0, "h2": 18.0, "h3": 14.0, "h4": 12.5, "h5": 12.0, "h6": 12.0}
DROP_TAGS = ("script", "style", "noscript", "nav", "header", "footer", "aside", "form",
             "button", "svg", "iframe", "template", "head")
BLOCK_TAGS = ("p", "div", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd",
              "blockquote", "pre", "caption", "figcaption", "section", "article", "br", "hr")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_-]+)""", re.I)


def decode_html(data: bytes, path: str | Path) -> str:
    """Decode HTML bytes by the declared charset, else UTF-8, else cp1252."""
    match = _META_CHARSET.search(data[:4096])
    if match:
        try:
            return data.decode(match.group(1).decode("ascii").lower())
        except (UnicodeDecodeError, LookupError):
            pass
    try:
        return decode_bytes(data, path)
    except TableError as exc:
        raise ReadError(
            path, "cannot decode HTML with its declared charset, UTF-8 or cp1252"
        ) from exc


def read_html(path: str | Path, data: bytes | None = None) -> RawDocument:
    """Read an HTML page into one page of lines."""
    from bs4 import BeautifulSoup, NavigableString, Tag

    path = Path(path)
    data = path.read_bytes() if data is None else data
    soup = BeautifulSoup(decode_html(data, path), "lxml")
    for tag in soup.find_all(DROP_TAGS):
        tag.decompose()
    root = soup.find("main") or soup.find("article") or soup.body or soup
    lines: list[Line] = []
    buffer: list[str] = []

    def flush(size: float = BODY_SIZE, bold: bool = False, prefix: str = "") -> None:
        text = " ".join(" ".join(buffer).split())
        buffer.clear()
        if text:
            lines.append(Line(text=prefix + text, size=size, bold=bold))

    def walk(node) -> None:
        for child in node.children:
            if isinstance(child, NavigableString):
                if child.__class__.__name__ in ("Comment", "Doctype", "Declaration"):
                    continue
                buffer.append(str(child))
            elif isinstance(child, Tag):
                name = child.name
                if name in HEADING_SIZES:
                    flush()
                    buffer.append(child.get_text(" "))
                    flush(HEADING_SIZES[name], bold=True)
                    lines.append(Line(text=""))
                elif name == "tr":
                    flush()
                    cells = [" ".join(c.get_text(" ").split())
                             for c in child.find_all(["td", "th"])]
                    if any(cells):
                        lines.append(Line(text=" | ".join(c for c in cells if c), size=BODY_SIZE))
                elif name == "li":
                    flush()
                    first = len(lines)
                    walk(child)
                    flush()
                    added = [k for k in range(first, len(lines)) if lines[k].text]
                    if added:  # the bullet goes on the item's first line, even inside a <p>
                        k = added[0]
                        lines[k] = Line(_list_prefix(child) + lines[k].text, lines[k].size)
                        lines[first:] = [ln for ln in lines[first:] if ln.text]
                elif name in ("p", "blockquote", "table", "ul", "ol", "dl", "pre"):
                    flush()
                    walk(child)
                    flush()
                    lines.append(Line(text=""))
                elif name in BLOCK_TAGS:
                    flush()
                    walk(child)
                    flush()
                else:
                    walk(child)

    walk(root)
    flush()
    if not any(line.text.strip() for line in lines):
        raise ReadError(path, "empty document (no text in the HTML body)")
    return RawDocument(
        source=str(path), doc_id=content_hash(data), fmt="html", pages=[Page(1, lines)]
    )


def _list_prefix(li) -> str:
    """``"• "`` for unordered items, ``"3. "`` for the third item of an ``<ol>``."""
    parent = li.find_parent(["ol", "ul"])
    if parent is not None and parent.name == "ol":
        siblings = parent.find_all("li", recursive=False)
        start = int(parent.get("start", 1)) if str(parent.get("start", "1")).isdigit() else 1
        for i, sib in enumerate(siblings):
            if sib is li:
                return f"{start + i}. "
    return "• "

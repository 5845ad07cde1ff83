"""Render ``report.html`` from the Jinja2 template in ``templates/report.html``.

The layout and every Danish word the reader sees live in the template (a data
file an analyst can restyle); this module only registers the number formats
Danish readers expect (``41 %``, ``0,62``, ``+1``) and renders one
self-contained file: CSS inline, charts as ``data:`` URIs, no scripts, no links
out.
"""

from __future__ import annotations

import math
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"


def pct(value: Any) -> str:
    """0.4118 -> "41 %" (Danish spacing); missing -> "–"."""
    if _missing(value):
        return "–"
    return f"{round(float(value) * 100):d} %"


def dec(value: Any, digits: int = 2) -> str:
    """0.625 -> "0,63" (decimal comma); missing -> "–"."""
    if _missing(value):
        return "–"
    return f"{float(value):.{digits}f}".replace(".", ",")


def signed(value: Any) -> str:
    """+1, −2 (minus sign), 0; missing -> "–"."""
    if _missing(value):
        return "–"
    number = int(round(float(value)))
    return f"+{number}" if number > 0 else (f"−{-number}" if number < 0 else "0")


def diffclass(value: Any) -> str:
    if _missing(value) or float(value) == 0:
        return ""
    return "diff-pos" if float(value) > 0 else "diff-neg"


@cache
def environment() -> Environment:
    """The Jinja2 environment with autoescaping and the Danish number filters.

    Built once per process, so the template is compiled once (Jinja reloads it
    when the file changes).
    """
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATE_DIR)),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(pct=pct, dec=dec, signed=signed, diffclass=diffclass)
    return env


def render_html(context: dict[str, Any], template: str = "report.html") -> str:
    """Render the report template with ``context`` (see :func:`pipeline.report.build_report`)."""
    return environment().get_template(template).render(**context)


def _missing(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))

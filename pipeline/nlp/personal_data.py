"""Rules for personal data that must never reach a report: CPR numbers, phone numbers, e-mails.

These are not NER labels: they have a fixed shape, so regular expressions find
them more reliably than a statistical model, and the same rules run on top of
any spaCy pipeline. The difficulty is not finding them but not finding too
much: a year (``2023``), an amount (``12.500.000``), a case number
(``2010-150914``, ``23/4512``) or a date (``22.06.2022``) must survive. Hence
the look-arounds that refuse digits glued to ``-``, ``/``, ``.`` or ``,``, the
date check on CPR numbers, and the rule that a Danish phone number starts
with 1-9 (0 only after ``+45`` or ``0045``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass

CPR = "CPR"
PHONE = "PHONE"
EMAIL = "EMAIL"

#: What the anonymiser writes in place of each kind.
PERSONAL_DATA_REPLACEMENTS = {CPR: "[cpr-nr.]", PHONE: "[telefon]", EMAIL: "[e-mail]"}

# A number must not continue a longer number, a case number or a date on either side. A
# full stop or comma before it is a decimal or thousands mark after a digit, an amount after
# *kr.*, but after any other letter it ends an abbreviation or a word the number is glued to
# (*tlf.28417710*, *Amina Hassan,28417710*; R95, R96). A second phone number may follow a
# first after / or - (*28417710/28417711*; R96) or a comma (*28417710,28417711*; R106), and a
# number may be glued to *Tlf* itself (*Tlf28417710*; R106).
_NOT_A_NUMBER = r"(?!\d{8}(?!\d))"  # what follows is no second 8-digit number
_LEFT = (r"(?:(?<![\w/.,+-])"
         r"|(?<=[^\W\d_][.,])(?<![kK]r[.,])"
         r"|(?<=(?<!\d)\d{8}[/,-])"
         r"|(?<=(?<![^\W\d_])(?:[Tt]lf|TLF)))")
_RIGHT = (rf"(?!\w|\.\d|,{_NOT_A_NUMBER}\d|/{_NOT_A_NUMBER}|-{_NOT_A_NUMBER}\d)")

# The date part, then four digits after a dash, an en dash, one space or nothing (R96).
_CPR_RE = re.compile(_LEFT + r"(?P<dd>\d{2})(?P<mm>\d{2})(?P<yy>\d{2})(?:[-–]|[ ])?\d{4}" + _RIGHT)

_PHONE_RE = re.compile(
    _LEFT
    + r"(?:(?:\+|00)45[ -]?)?"
    + r"(?:[1-9]\d(?:[ ]?\d{2}){3}"  # 12345678, 12 34 56 78
    + r"|[1-9]\d{3}[ ]\d{4})"  # 1234 5678
    + _RIGHT
)

# *(at)* and *[at]* are how addresses are written to keep them from spam robots (R96).
_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+-]+(?:@|[(\[]at[)\]])[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}(?![\w-])"
)

_YEAR = re.compile(r"(?:19|20)\d{2}")


@dataclass(frozen=True)
class PersonalData:
    """One match: character offsets into the text and its kind (CPR, PHONE, EMAIL)."""

    start: int
    end: int
    label: str


def valid_cpr_date(dd: str, mm: str, yy: str) -> bool:
    """True when ``ddmmyy`` is a calendar date (29 February accepted: the century is unknown)."""
    day, month = int(dd), int(mm)
    if not 1 <= month <= 12:
        return False
    days = 29 if month == 2 else calendar.monthrange(2001, month)[1]
    return 1 <= day <= days


def _looks_like_years_or_date(match: str) -> bool:
    """``2022 2023`` has the shape of ``1234 5678`` but is two years; ``20230115`` is a date."""
    parts = match.split()
    if len(parts) == 2 and all(_YEAR.fullmatch(p) for p in parts):
        return True
    if len(match) == 8 and match.isdigit() and _YEAR.fullmatch(match[:4]):
        return valid_cpr_date(match[6:], match[4:6], match[2:4])
    return False


def find_personal_data(text: str) -> list[PersonalData]:
    """All CPR numbers, e-mail addresses and phone numbers in ``text``, in text order.

    Where they overlap, e-mail beats CPR beats phone (a CPR number without a
    dash is ten digits and would otherwise hide an eight-digit "phone number").
    """
    found: list[PersonalData] = []
    taken: list[tuple[int, int]] = []

    def add(start: int, end: int, label: str) -> None:
        if any(start < e and s < end for s, e in taken):
            return
        taken.append((start, end))
        found.append(PersonalData(start, end, label))

    for m in _EMAIL_RE.finditer(text):
        add(m.start(), m.end(), EMAIL)
    for m in _CPR_RE.finditer(text):
        if valid_cpr_date(m["dd"], m["mm"], m["yy"]):
            add(m.start(), m.end(), CPR)
    for m in _PHONE_RE.finditer(text):
        if not _looks_like_years_or_date(m.group()):
            add(m.start(), m.end(), PHONE)
    return sorted(found, key=lambda p: p.start)

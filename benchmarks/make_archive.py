"""Generate a synthetic municipal archive of minutes (referater) for batch tests and benchmarks.

Every text is made up here from small Danish phrase lists, so the archive is ours
to ship and its *source text* is known exactly: for each PDF the generator writes
``truth/<name>.json`` with the body text of every page (no running headers, no
page numbers, words unhyphenated), against which an extraction engine's output is
scored with a character error rate.

Layouts (each file picks one):

- ``single``: one column, running header and "Side n af m" footer, numbered agenda
  items in bold, words hyphenated at line ends;
- ``twocol``: two columns with a header band and a footer, hyphenated;
- ``agenda``: one column with case numbers ("Sagsnr.") in a left margin, a page
  number at the top right and a larger item title font;
- ``image``: the ``single`` layout rendered to a picture, so the PDF has no text
  layer and needs OCR.

Broken files: a truncated PDF, a zero-byte file, a text file named ``.pdf``, a
PDF encrypted with a password and one encrypted with an empty user password
(which opens). Extras: an HTML page in windows-1252 and survey exports (CSV and
an XLSX with extra header rows above the column names).

Usage::

    python benchmarks/make_archive.py OUT --files 40 --pages 2 4 --huge 2000
"""

from __future__ import annotations

import argparse
import io
import itertools
import json
import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

MUNICIPALITIES = ("Holbæk", "Aarhus", "Esbjerg", "Vejle", "Næstved", "Silkeborg", "Viborg")
LAYOUTS = ("single", "twocol", "agenda")

_SUBJECTS = (
    "Integrationsrådet", "Formanden", "Forvaltningen", "Udvalget", "Rådets medlemmer",
    "Sekretariatet", "Jobcentret", "Borgerservice", "Næstformanden", "Arbejdsgruppen",
    "Kommunens konsulent", "Et flertal i rådet",
)
_VERBS = (
    "drøftede", "orienterede om", "besluttede at prioritere", "anbefaler", "tog til efterretning",
    "ønsker en status på", "foreslog at styrke", "gennemgik", "udtrykte bekymring for",
    "bakker op om", "efterlyste bedre", "vil følge op på",
)
_OBJECTS = (
    "beskæftigelsesindsatsen for nyankomne flygtninge", "samarbejdet med foreningslivet",
    "danskundervisningen på sprogcentret", "modtagelsen af fordrevne fra Ukraine",
    "høringssvaret om integrationspolitikken", "budgettet for næste regnskabsår",
    "fastholdelsen af medlemmer i rådet", "synligheden af rådets arbejde i lokalavisen",
    "mentorordningen for unge uden uddannelse", "ansøgningerne om indfødsret",
    "koordineringen mellem forvaltningerne", "boligsociale aktiviteter i bydelen",
    "temamødet om sundhed og trivsel", "rekrutteringen af frivillige lektiehjælpere",
    "kommissoriet for den kommende valgperiode", "kontakten til virksomhedernes netværk",
)
_TAILS = (
    "", "", " inden sommerferien", " på næste møde", " i samarbejde med skolerne",
    " med særligt fokus på kvinder", " for perioden 2022-2025", " efter ønske fra borgerne",
    " som led i handleplanen", " uden yderligere bemærkninger",
)
_ITEMS = (
    "Godkendelse af dagsorden", "Orientering fra formanden", "Høring om integrationspolitik",
    "Budgetopfølgning", "Status på beskæftigelsesindsatsen", "Temadrøftelse om foreningslivet",
    "Planlægning af årsmøde", "Eventuelt", "Nyt fra sekretariatet", "Forslag til aktiviteter",
)


@dataclass
class ArchiveFile:
    """One generated file: where it is, what it should become, and its page texts."""

    path: Path
    kind: str  # single | twocol | agenda | image | broken | html | survey
    pages: list[str] = field(default_factory=list)
    expect: str = "ok"  # ok | failed | needs_ocr


def sentence(rng: random.Random) -> str:
    """One made-up Danish minutes sentence."""
    return (
        f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_OBJECTS)}"
        f"{rng.choice(_TAILS)}."
    )


def paragraph(rng: random.Random, n: tuple[int, int] = (2, 5)) -> str:
    return " ".join(sentence(rng) for _ in range(rng.randint(*n)))


def _wrap(text: str, width: float, measure, hyphenate: bool) -> list[str]:
    """Greedy line breaking; long words that overflow are split with a hyphen."""
    lines: list[str] = []
    cur = ""
    for word in text.split():
        trial = f"{cur} {word}" if cur else word
        if measure(trial) <= width:
            cur = trial
            continue
        if hyphenate and len(word) >= 9 and word.isalpha():
            for cut in range(len(word) - 4, 3, -1):
                head = f"{cur} {word[:cut]}-" if cur else f"{word[:cut]}-"
                if measure(head) <= width:
                    lines.append(head)
                    cur = word[cut:]
                    break
            else:
                lines.append(cur)
                cur = word
            continue
        if cur:
            lines.append(cur)
        cur = word
    if cur:
        lines.append(cur)
    return lines


def _blocks(rng: random.Random) -> Iterator[tuple[str, str]]:
    """Endless (style, text) blocks: agenda item headings, each with one or two paragraphs."""
    items = list(_ITEMS)
    rng.shuffle(items)
    for i in itertools.count():
        yield "heading", f"{i + 1}. {items[i % len(items)]}"
        for _ in range(rng.randint(1, 2)):
            yield "para", paragraph(rng)


def _draw_pdf(target, rng: random.Random, layout: str, n_pages: int, municipality: str,
              date: str, image: bool = False, encrypt: str | None = None) -> list[str]:
    """Draw minutes in ``layout`` onto a PDF (path or file object); return body text per page."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.pdfgen import canvas

    W, H = A4
    kwargs = {}
    if encrypt is not None:
        from reportlab.lib.pdfencrypt import StandardEncryption

        kwargs["encrypt"] = StandardEncryption(encrypt, ownerPassword="ejer", canPrint=1)
    c = canvas.Canvas(target, pagesize=A4, pageCompression=1, **kwargs)
    size, lead = 10.5, 13.5
    head_size = 13 if layout == "agenda" else 11
    if layout == "twocol":
        cols = [(56, 235), (320, 235)]
    elif layout == "agenda":
        cols = [(150, 390)]
    else:
        cols = [(70, 455)]
    top, bottom = H - 90, 80
    blocks = _blocks(rng)
    pages: list[str] = []
    page_no, col, y = 1, 0, top
    body: list[str] = []
    ops: list[tuple] = []  # drawing operations of the current page

    def finish_page() -> None:
        nonlocal body, ops
        header = f"{municipality} Kommune · Integrationsrådet · Referat {date}"
        footer = f"Side {page_no} af {n_pages}"
        if image:
            _draw_image_page(c, ops, header, footer, W, H, size, head_size)
        else:
            c.setFont("Helvetica", 8)
            c.drawString(70 if layout != "twocol" else 56, H - 50, header)
            if layout == "agenda":
                c.drawRightString(W - 56, H - 50, str(page_no))
            else:
                c.drawCentredString(W / 2, 40, footer)
            for font, fsize, x, yy, text in ops:
                c.setFont(font, fsize)
                c.drawString(x, yy, text)
        c.showPage()
        pages.append(" ".join(body))
        body, ops = [], []

    case_no = 1000 + rng.randint(0, 8000)
    for style, text in blocks:
        font = "Helvetica-Bold" if style == "heading" else "Helvetica"
        fsize = head_size if style == "heading" else size
        x0, width = cols[col]
        lines = _wrap(text, width, lambda s, f=font, z=fsize: stringWidth(s, f, z), style == "para")
        need = len(lines) * lead + (8 if style == "heading" else 6)
        if y - need < bottom:
            col += 1
            if col >= len(cols):
                if page_no == n_pages:
                    break
                finish_page()
                page_no += 1
                col = 0
            y = top
            x0, width = cols[col]
        if style == "heading" and layout == "agenda":
            case_no += rng.randint(1, 50)
            ops.append(("Helvetica", 8, 56, y, f"Sagsnr. {case_no}"))
            body.append(f"Sagsnr. {case_no}")
        if style == "heading":
            y -= 4
        for line in lines:
            ops.append((font, fsize, x0, y, line))
            y -= lead
        y -= 6
        body.append(text)
    finish_page()
    c.save()
    return pages


def _draw_image_page(c, ops, header, footer, W, H, size, head_size, dpi: int = 200) -> None:
    """Render the page's text to a bitmap and place only the bitmap on the PDF page."""
    from PIL import Image, ImageDraw, ImageFont
    from reportlab.lib.utils import ImageReader

    scale = dpi / 72
    img = Image.new("L", (int(W * scale), int(H * scale)), 255)
    draw = ImageDraw.Draw(img)

    def font(bold: bool, pts: float):
        name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
        try:
            return ImageFont.truetype(name, int(pts * scale))
        except OSError:
            return ImageFont.load_default(size=int(pts * scale))

    draw.text((70 * scale, 50 * scale), header, font=font(False, 8), fill=0)
    draw.text((W / 2 * scale - 60, (H - 40) * scale), footer, font=font(False, 8), fill=0)
    for fname, fsize, x, y, text in ops:
        draw.text((x * scale, (H - y - fsize) * scale), text, fill=0,
                  font=font("Bold" in fname, fsize * 0.92))
    buf = io.BytesIO()
    img.save(buf, format="PNG")
    buf.seek(0)
    c.drawImage(ImageReader(buf), 0, 0, W, H)


def make_archive(root: str | Path, *, files: int = 12, pages: tuple[int, int] = (2, 4),
                 image_only: int = 1, broken: bool = True, extras: bool = True,
                 huge: int = 0, seed: int = 7) -> list[ArchiveFile]:
    """Write ``root/archive/<kommune>/<år>/...`` and ``root/truth/*.json``; return the files.

    ``files`` minutes PDFs rotate through the three text layouts; ``image_only`` of
    them are image-only instead; ``huge`` > 0 adds one PDF of that many pages.
    """
    rng = random.Random(seed)
    root = Path(root)
    archive, truth = root / "archive", root / "truth"
    archive.mkdir(parents=True, exist_ok=True)
    truth.mkdir(parents=True, exist_ok=True)
    out: list[ArchiveFile] = []

    def place(municipality: str, year: int, name: str) -> Path:
        folder = archive / municipality / str(year)
        folder.mkdir(parents=True, exist_ok=True)
        return folder / name

    for i in range(files):
        municipality = MUNICIPALITIES[i % len(MUNICIPALITIES)]
        year = 2015 + (i * 3) % 9
        date = f"{year}-{1 + i % 12:02d}-{1 + (i * 7) % 28:02d}"
        kind = "image" if i < image_only else LAYOUTS[i % len(LAYOUTS)]
        layout = "single" if kind == "image" else kind
        path = place(municipality, year, f"referat_integrationsraad_{date}_{i:04d}.pdf")
        n = rng.randint(*pages) if kind != "image" else 1
        texts = _draw_pdf(str(path), rng, layout, n, municipality, date, image=kind == "image")
        out.append(ArchiveFile(path, kind, texts))
    if huge:
        path = place("Aarhus", 2020, "referat_samlet_2020.pdf")
        texts = _draw_pdf(str(path), rng, "single", huge, "Aarhus", "2020-12-31")
        out.append(ArchiveFile(path, "single", texts))
    if broken:
        out.extend(_broken_files(archive, rng))
    if extras:
        out.extend(_extra_files(archive, rng))
    for f in out:
        if f.pages:
            rel = f.path.relative_to(archive).as_posix().replace("/", "__")
            (truth / f"{rel}.json").write_text(
                json.dumps({"path": str(f.path), "kind": f.kind, "pages": f.pages},
                           ensure_ascii=False), encoding="utf-8")
    return out


def _broken_files(archive: Path, rng: random.Random) -> list[ArchiveFile]:
    folder = archive / "Vejle" / "2019"
    folder.mkdir(parents=True, exist_ok=True)
    buf = io.BytesIO()
    _draw_pdf(buf, rng, "single", 2, "Vejle", "2019-05-02")
    data = buf.getvalue()
    files = [
        ArchiveFile(folder / "tom.pdf", "broken", expect="failed"),
        ArchiveFile(folder / "afkortet.pdf", "broken", expect="failed"),
        ArchiveFile(folder / "notat_ikke_pdf.pdf", "broken", expect="ok"),
        ArchiveFile(folder / "krypteret_med_kode.pdf", "broken", expect="failed"),
    ]
    files[0].path.write_bytes(b"")
    files[1].path.write_bytes(data[: len(data) // 2])
    files[2].path.write_text(
        "Notat om integrationsrådets møde\n\n" + paragraph(rng) + "\n", encoding="utf-8")
    _draw_pdf(str(files[3].path), rng, "single", 1, "Vejle", "2019-06-12", encrypt="hemmelig")
    empty_pw = folder / "krypteret_uden_kode.pdf"
    texts = _draw_pdf(str(empty_pw), rng, "single", 1, "Vejle", "2019-08-20", encrypt="")
    files.append(ArchiveFile(empty_pw, "single", texts))
    return files


def _extra_files(archive: Path, rng: random.Random) -> list[ArchiveFile]:
    """An HTML page in windows-1252 and survey exports (CSV, XLSX with extra header rows)."""
    from openpyxl import Workbook

    folder = archive / "Næstved" / "2023"
    folder.mkdir(parents=True, exist_ok=True)
    html = folder / "dagsorden_2023-02-01.html"
    paras = "".join(f"<p>{paragraph(rng)}</p>" for _ in range(3))
    html.write_bytes(
        ("<html><head><meta charset=\"windows-1252\"><title>Referat</title></head><body>"
         f"<h1>Næstved Kommune – Integrationsrådet</h1><h2>1. Høring</h2>{paras}"
         "</body></html>").encode("cp1252"))
    questions = ("temaer", "udfordringer")
    rows = [(f"raad{r:02d}", q, sentence(rng)) for r in range(1, 6) for q in questions]
    csv = folder / "survey_2023.csv"
    csv.write_text("respondent;question;answer\n" + "".join(f"{a};{b};{c}\n" for a, b, c in rows),
                   encoding="utf-8")
    xlsx = folder / "survey_2023_eksport.xlsx"
    wb = Workbook()
    ws = wb.active
    ws.append(["Spørgeskema til de lokale integrationsråd"])
    ws.append(["Eksporteret 2023-03-01"])
    ws.append([])
    ws.append(["respondent", "question", "answer"])
    for row in rows:
        ws.append(list(row))
    wb.save(xlsx)
    return [ArchiveFile(html, "html"), ArchiveFile(csv, "survey"), ArchiveFile(xlsx, "survey")]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--files", type=int, default=40)
    ap.add_argument("--pages", type=int, nargs=2, default=(2, 4))
    ap.add_argument("--image-only", type=int, default=2)
    ap.add_argument("--huge", type=int, default=0, help="add one PDF with this many pages")
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args()
    made = make_archive(args.out, files=args.files, pages=tuple(args.pages),
                        image_only=args.image_only, huge=args.huge, seed=args.seed)
    print(f"wrote {len(made)} files under {args.out / 'archive'}")


if __name__ == "__main__":
    main()

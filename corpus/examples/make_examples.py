"""Write the example corpus: minutes in several layouts, a report and a kommissorium.

All texts are invented for raadskoder (no sentence is taken from a real
document); municipalities, people and case numbers are fictitious. The files
are the demo corpus (``make demo`` runs over this folder) and the fixtures of
``tests/test_extract_examples.py``. Re-run after editing:

    .venv/bin/python corpus/examples/make_examples.py
"""

from __future__ import annotations

from pathlib import Path

from pipeline.readers.synth import Block, render_pdf

HERE = Path(__file__).resolve().parent

# --------------------------------------------------------------------------
# 1. Minutes, layout A: "N. Titel (sagsnummer)", agenda with page numbers first.
MINUTES_A = [
    Block("Referat", "heading"),
    Block("Integrationsrådet i Nordby Kommune, ordinært møde tirsdag den 12. marts 2024 "
          "kl. 17.00-19.30 i mødelokale 3 på Nordby Rådhus."),
    Block("Dagsorden", "heading"),
    Block("1. Godkendelse af dagsorden (2024-004411) .......... 1", "line"),
    Block("2. Høringssvar om budget for sprogcentret (2024-004517) .......... 1", "line"),
    Block("3. Planlægning af Mangfoldighedens Dag 2024 (2024-004602) .......... 2", "line"),
    Block("1. Godkendelse af dagsorden (2024-004411)", "heading"),
    Block("Beslutning", "heading"),
    Block("Dagsordenen blev godkendt. Formanden bød velkommen til to nye medlemmer, der er "
          "udpeget efter indstilling fra de lokale foreninger."),
    Block("2. Høringssvar om budget for sprogcentret (2024-004517)", "heading"),
    Block("Sagsfremstilling", "heading"),
    Block("Forvaltningen har sendt forslaget til budget for sprogcentret i høring hos rådet. "
          "Forslaget indebærer, at undervisningen på modul 3 samles på to hold om aftenen, og at "
          "der spares 1,2 mio. kr. på vikarer. Sprogcentret oplyser, at godt 40 pct. af "
          "kursisterne er i beskæftigelse ved siden af undervisningen."),
    Block("Rådet drøftede især, hvordan kursister med små børn kan følge undervisningen, når "
          "holdene flyttes til aftentimerne. Flere medlemmer pegede på, at fremmødet i forvejen "
          "er lavest på de sene hold."),
    Block("Indstilling", "heading"),
    Block("Formandskabet indstiller, at rådet afgiver et høringssvar, der støtter samlingen af "
          "holdene, men anbefaler børnepasning på aftenholdene."),
    Block("Beslutning", "heading"),
    Block("Indstillingen blev tiltrådt. Sekretariatet skriver udkast til høringssvaret, som "
          "formanden godkender inden fristen den 2. april 2024."),
    Block("3. Planlægning af Mangfoldighedens Dag 2024 (2024-004602)", "heading"),
    Block("Sagsfremstilling", "heading"),
    Block("Arbejdsgruppen foreslår, at dagen holdes lørdag den 7. september på torvet med boder "
          "fra foreningerne, musik og fællesspisning. Sidste år deltog omkring 900 borgere, og 11 "
          "ud af 14 foreninger i netværket var med."),
    Block("Økonomi", "heading"),
    Block("Arrangementet koster anslået 45.000 kr., som afholdes af rådets eget budget og et "
          "tilskud fra kulturpuljen."),
    Block("Beslutning", "heading"),
    Block("Rådet godkendte planen. Arbejdsgruppen kontakter skolerne om en tegnekonkurrence."),
    Block("Bilag", "heading"),
    Block("• Program for Mangfoldighedens Dag 2023", "line"),
    Block("• Budgetoverslag fra arbejdsgruppen", "line"),
]

# 2. Minutes, layout B: "Punkt N: Titel", case number on the next line.
MINUTES_B = [
    Block("Beskæftigelses- og Integrationsudvalget", "heading"),
    Block("Referat af mødet mandag den 3. februar 2025 i udvalgsværelse B."),
    Block("Punkt 1: Orientering om ny integrationsindsats for kvinder", "heading"),
    Block("Sagsnr.: EMN-2025-003383", "line"),
    Block("Problemstilling", "heading"),
    Block("Andelen af kvinder med flygtningebaggrund, der er i job eller uddannelse tre år efter "
          "ankomsten, er knap 35 pct. mod godt 60 pct. blandt mændene. Jobcentret har derfor "
          "udviklet et forløb, der kombinerer praktik i velfærdsfagene med danskundervisning "
          "på arbejdspladsen."),
    Block("Løsning", "heading"),
    Block("Forløbet tilbydes i første omgang 40 kvinder. Hver deltager får en fast kontaktperson, "
          "og virksomhederne får hjælp til at tilrettelægge oplæringen. Ikast-Brande og to andre "
          "kommuner har gode erfaringer med en lignende model."),
    Block("Indstilling", "heading"),
    Block("Forvaltningen indstiller, at udvalget tager orienteringen til efterretning."),
    Block("Beslutning i Beskæftigelses- og Integrationsudvalget den 3. februar 2025: Taget til "
          "efterretning.", "line"),
    Block("Punkt 2: Svar på forslag fra Integrationsrådet om mentorordning for unge", "heading"),
    Block("Sagsnr.: 23/4512", "line"),
    Block("Sagsfremstilling", "heading"),
    Block("Integrationsrådet har foreslået en mentorordning for unge mellem 15 og 25 år, der har "
          "forladt en ungdomsuddannelse. Rådet henviser til, at 9 ud af 20 unge i målgruppen "
          "ifølge egen opgørelse mangler et voksent netværk uden for familien."),
    Block("Økonomi", "heading"),
    Block("En ordning med 25 mentorer koster ca. 300.000 kr. om året og kan finansieres af "
          "puljen til forebyggende indsatser i 2025."),
    Block("Videre proces", "heading"),
    Block("Forvaltningen udarbejder et samlet forslag til udvalgets møde i maj, herunder "
          "samarbejdet med de frivillige foreninger."),
    Block("Beslutning: Udvalget bakkede op om forslaget og bad forvaltningen om at inddrage "
          "rådet i udformningen.", "line"),
]

# 3. A small report: numbered headings, quotes, figures, a two-column page.
REPORT = [
    Block("1.0 INDLEDNING", "heading"),
    Block("Denne rapport samler erfaringer fra de lokale integrationsråd i Vestegnens Kommuner "
          "efter det første år med de nye regler for rådenes sammensætning. Undersøgelsen bygger "
          "på et spørgeskema, som 14 ud af 19 råd besvarede i efteråret 2024, og på fire "
          "gruppeinterview med formænd og sekretærer."),
    Block("1.1 SAMMENFATNING", "heading"),
    Block("Rådene beskriver et år med mange aktiviteter, men også med svingende fremmøde. Hele "
          "11 ud af 14 råd har afgivet mindst ét høringssvar, mens kun 4 ud af 14 har fået en "
          "fast aftale om dialogmøder med et politisk udvalg. Knap 30 pct. af rådene oplyser, at "
          "de ikke har et eget budget."),
    Block("", "page"),
    Block("2.0 RÅDENES ARBEJDE", "heading"),
    Block("2.1 HØRINGSSVAR OG DIALOG", "heading"),
    Block("De fleste råd bruger høringssvarene til at gøre opmærksom på konkrete udfordringer i "
          "borgernes hverdag, for eksempel ventetid på danskundervisning og adgang til "
          "fritidsjob for unge. Flere råd efterlyser, at de bliver inddraget tidligere, før "
          "forvaltningen har lagt sig fast på en løsning."),
    Block("”Vi får sagerne, når alt er besluttet. Så når vi kun at sige ja eller nej, og det "
          "er ikke det, vi er sat i verden for.”"),
    Block("Andre råd har positive erfaringer med faste møder med udvalgsformanden, hvor rådet "
          "selv sætter punkter på dagsordenen. Her oplever medlemmerne, at deres forslag bliver "
          "taget alvorligt og ofte indgår i det videre arbejde i forvaltningen."),
    Block("2.2 SYNLIGHED", "heading"),
    Block("Omkring halvdelen af rådene (7/14) har en side på kommunens hjemmeside, og 5/14 er "
          "aktive på sociale medier. Rådene nævner selv, at kendskabet til rådet blandt borgerne "
          "er lavt, og at det er svært at rekruttere nye medlemmer uden for foreningslivet."),
    Block("”Det er de samme ti mennesker, der kommer til alt. Vi skal ud, hvor folk er, i "
          "boligområderne og i idrætsklubberne.”"),
    Block("Figur 1 Rådenes kanaler til borgerne", "line"),
    Block("", "page"),
    Block("3.0 ANBEFALINGER", "heading"),
    Block("Undersøgelsen peger på tre anbefalinger: at kommunerne inddrager rådene tidligt i "
          "sager om integration, at hvert råd får et beskedent eget budget, og at rådene deler "
          "erfaringer om rekruttering i et fælles netværk. En svarprocent på 74 giver et godt "
          "grundlag for at drøfte anbefalingerne med kommunerne."),
]

# 4. Minutes, layout C (plain text, cp1252): "N. Titel" with the journal number below.
MINUTES_C = """Referat
Integrationsrådet, Søby Kommune
Møde torsdag den 5. oktober 2023 kl. 16.30

Fraværende: to medlemmer med afbud.

1. Meddelelser fra formanden
Sag nr. 27.00.00-A00-1-23
Formanden orienterede om kommunens nye strategi for sprog og beskæftigelse, som
sendes i høring i november. Rådet får strategien til udtalelse på næste møde.

Beslutning: Taget til efterretning.

2. Status på lektiecaféen i Vestparken
Sag nr. 27.00.00-A00-2-23
Sagsfremstilling
Lektiecaféen har haft gennemsnitligt 18 elever pr. gang i foråret, heraf næsten
halvdelen fra udskolingen. Frivilligcentret har skaffet tre nye frivillige, men
der mangler fortsat hjælpere med naturfaglig baggrund.

Indstilling
Arbejdsgruppen indstiller, at rådet søger kulturpuljen om 12.000 kr. til materialer
og fællesspisning i forbindelse med eksamensperioden.

Beslutning
Indstillingen blev godkendt. Ansøgningen sendes inden den 1. december.

3. Eventuelt
Sag nr. 27.00.00-A00-3-23
Et medlem foreslog et fælles møde med ældrerådet om ensomhed blandt ældre
indvandrere. Punktet sættes på dagsordenen til januar.
"""

# 5. HTML minutes (windows-1252, as older municipal web CMSs publish them).
MINUTES_HTML = """<!DOCTYPE html>
<html lang="da">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">
<title>Referat - Integrationsrådet - Åby Kommune</title>
<style>body { font-family: Arial; }</style>
<script>var tracking = "ingen";</script>
</head>
<body>
<nav><ul><li><a href="/">Forside</a></li><li><a href="/politik">Politik</a></li>
<li><a href="/dagsordener">Dagsordener og referater</a></li></ul></nav>
<main>
<h1>Integrationsrådet - referat</h1>
<p>Mødedato: 14. november 2024, kl. 18.00. Sted: Åby Bibliotek, lokale 2.</p>
<h2>Punkt 1. Rådets høringssvar om boligsocial helhedsplan</h2>
<p>Sagsnr.: 24/18807</p>
<h3>Sagsfremstilling</h3>
<p>Boligselskabet har sendt udkast til en ny helhedsplan for Østerparken i høring. Planen
lægger vægt på lektiehjælp, fritidsjob og en styrket indsats mod ensomhed. Rådet har
tidligere peget på, at &#8220;de unge skal med fra starten&#8221;, når tilbud udvikles.</p>
<ul>
<li>Fritidsjobindsatsen udvides fra 30 til 45 pladser.</li>
<li>Der ansættes en medarbejder med kendskab til arabisk og somali.</li>
</ul>
<h3>Indstilling</h3>
<p>Formanden indstiller, at rådet støtter planen og foreslår et ungepanel.</p>
<h3>Beslutning</h3>
<p>Godkendt. Høringssvaret sendes senest den 1. december 2024.</p>
<h2>Punkt 2. Evaluering af dialogmøde med Børne- og Ungeudvalget</h2>
<p>Sagsnr.: 24/19012</p>
<h3>Sagsfremstilling</h3>
<p>Dialogmødet i september samlede 22 deltagere. I den efterfølgende evaluering svarede
8 ud af 10 rådsmedlemmer, at mødet havde været udbytterigt.</p>
<table><tr><th>Spørgsmål</th><th>Ja</th><th>Nej</th></tr>
<tr><td>Mødet var udbytterigt</td><td>8</td><td>2</td></tr></table>
<h3>Beslutning</h3>
<p>Rådet ønsker et nyt dialogmøde i foråret.</p>
</main>
<footer><p>Åby Kommune · Torvet 1 · 9999 Åby</p></footer>
</body>
</html>
"""

# 6. Kommissorium (DOCX with heading styles).
TERMS = [
    ("title", "Kommissorium for Integrationsrådet i Vestby Kommune"),
    ("h", "Formål"),
    ("p", "Integrationsrådet har til formål at:"),
    ("li", "Rådgive kommunalbestyrelsen om den samlede integrationsindsats"),
    ("li", "Styrke dialogen mellem borgere med forskellig baggrund"),
    ("li", "Fremme deltagelse i foreningsliv og frivilligt arbejde"),
    ("h", "Opgaver"),
    ("li", "Afgive høringssvar til politikker og planer, der berører integrationsområdet"),
    ("li", "Afholde mindst ét borgermøde om året"),
    ("h", "Sammensætning"),
    ("p", "Integrationsrådet består af op til 11 medlemmer. Op til 9 medlemmer udpeges af "
          "kommunalbestyrelsen efter indstilling fra foreninger og uddannelsesinstitutioner, "
          "og 2 udpeges direkte af kommunalbestyrelsen blandt dens medlemmer."),
    ("h", "Økonomi"),
    ("p", "Rådet råder over et årligt budget på 25.000 kr. til aktiviteter og forplejning."),
    ("h", "Sekretariatsbetjening"),
    ("p", "Sekretariatet varetages af Borgerservice og Integration."),
    ("h", "Lovgrundlag"),
    ("p", "Rådet er nedsat efter integrationslovens § 42, jf. lov nr. 2623 af 28. december 2021."),
    ("h", "Godkendelse"),
    ("p", "Kommissoriet er godkendt af kommunalbestyrelsen den 15. marts 2023."),
]


def write_docx(path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, text in TERMS:
        if kind == "title":
            document.add_heading(text, level=0)
        elif kind == "h":
            document.add_heading(text, level=1)
        elif kind == "li":
            document.add_paragraph(text, style="List Bullet")
        else:
            document.add_paragraph(text)
    document.core_properties.author = "raadskoder"
    document.save(str(path))


def main() -> None:
    render_pdf(HERE / "referat_nordby_2024.pdf", MINUTES_A,
               header="Nordby Kommune · Integrationsrådet · Referat")
    render_pdf(HERE / "referat_beskaeftigelsesudvalget_2025.pdf", MINUTES_B,
               header="Referat · Beskæftigelses- og Integrationsudvalget")
    render_pdf(HERE / "rapport_lokale_raad_2024.pdf", REPORT,
               header="Lokale integrationsråd 2024", two_column_pages={2})
    (HERE / "referat_soeby_2023.txt").write_bytes(MINUTES_C.encode("cp1252"))
    (HERE / "referat_aaby_2024.html").write_bytes(MINUTES_HTML.encode("cp1252"))
    write_docx(HERE / "kommissorium_vestby_2023.docx")


if __name__ == "__main__":
    main()

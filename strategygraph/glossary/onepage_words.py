"""The words of the strategy-on-a-page map and of the page's views, narrowing, skip links,
node picker and flags: ``key: (fi, sv, en)``, as in ``words.py``."""

from __future__ import annotations

__all__ = ["ONEPAGE_WORDS"]

ONEPAGE_WORDS: dict[str, tuple[str, str, str]] = {
    # -- the map -----------------------------------------------------------------------------
    "onepage.subtitle": (
        "strategia yhdellä sivulla",
        "strategin på en sida",
        "the strategy on a page",
    ),
    "onepage.narrowed": ("rajattu: {title}", "avgränsad: {title}", "narrowed to: {title}"),
    "onepage.more": ("+ {count}", "+ {count}", "+ {count}"),
    "onepage.open": ("▸ avaa kaikki", "▸ visa alla", "▸ show all"),
    "onepage.also": ("myös edellä", "även ovan", "also shown before"),
    "onepage.empty": (
        "Ei strategisia linjauksia tällä rajauksella.",
        "Inga strategiska riktlinjer med denna avgränsning.",
        "No strategic lines with this narrowing.",
    ),
    # -- the board view ----------------------------------------------------------------------
    "board.subtitle": ("hallituksen näkymä", "styrelsens vy", "board view"),
    "board.lines": (
        "Strategiset linjaukset: hankkeiden terveys",
        "Strategiska riktlinjer: projektens hälsa",
        "Strategic lines: health of their projects",
    ),
    "board.goals": (
        "Kansalliset tavoitteet: alueen hankkeiden terveys",
        "Nationella mål: regionens projekts hälsa",
        "National goals: health of the region's projects",
    ),
    "board.overdue": (
        "Myöhässä olevat hankkeet ({count})",
        "Försenade projekt ({count})",
        "Overdue projects ({count})",
    ),
    "board.changes": (
        "Muutokset {date} jälkeen ({count})",
        "Ändringar sedan {date} ({count})",
        "Changes since {date} ({count})",
    ),
    "board.no_project": (
        "ei yhtään alueen hanketta",
        "inget projekt i regionen",
        "no project of the region",
    ),
    "board.reports": (
        "Viimeisimmät tilannekatsaukset ({count})",
        "Senaste lägesrapporter ({count})",
        "Latest status reports ({count})",
    ),
    "board.none": ("ei yhtään", "inga", "none"),
    "board.op.create_node": ("luotu", "skapad", "created"),
    "board.op.update_node": ("muutettu", "ändrad", "changed"),
    "board.op.delete_node": ("poistettu", "borttagen", "deleted"),
    "board.op.link": ("linkitetty", "länkad", "linked"),
    "board.op.unlink": ("linkki poistettu", "länk borttagen", "unlinked"),
    "board.op.suspect_link": ("linkki tarkistettava", "länk att granska", "link to review"),
    "board.op.review_link": ("linkki tarkistettu", "länk granskad", "link reviewed"),
    "board.op.add_comment": ("kommentoitu", "kommenterad", "commented"),
    "board.op.edit_comment": ("kommenttia muokattu", "kommentar redigerad", "comment edited"),
    "board.op.add_risk": ("riski lisätty", "risk tillagd", "risk added"),
    "board.op.put_risk": ("riskiä muutettu", "risken ändrad", "risk changed"),
    "board.op.delete_risk": ("riski poistettu", "risk borttagen", "risk removed"),
    "board.op.put_indicator": ("mittari määritetty", "indikator fastställd", "indicator set"),
    "board.op.add_measurement": ("lukema kirjattu", "mätvärde registrerat", "reading recorded"),
    "board.op.file_report": (
        "tilannekatsaus jätetty",
        "lägesrapport lämnad",
        "status report filed",
    ),
    "board.op.other": ("muu muutos", "annan ändring", "other change"),
    # -- CLI tables on a narrow terminal ----------------------------------------------------
    "coverage.reaches": ("ulottuu tähän", "når hit", "reaching it"),
    # -- the page ------------------------------------------------------------------------
    "page.view": ("Näkymä", "Vy", "View"),
    "page.view.page": ("strategia yhdellä sivulla", "strategin på en sida", "strategy on a page"),
    "page.view.layers": ("kaikki tasot", "alla nivåer", "all layers"),
    "page.view.coverage": ("kattavuus", "täckning", "coverage"),
    "page.view.board": ("hallituksen näkymä", "styrelsens vy", "board view"),
    "page.since": ("Muutokset alkaen", "Ändringar sedan", "Changes since"),
    "page.showing_board": (
        "Hallituksen näkymä: {name}",
        "Styrelsens vy: {name}",
        "Board view: {name}",
    ),
    "page.narrow": ("Rajaa", "Avgränsa", "Narrow to"),
    "page.narrow.none": ("— ei rajausta —", "— ingen avgränsning —", "— no narrowing —"),
    "page.skip.map": ("Siirry karttaan", "Gå till kartan", "Skip to the map"),
    "page.skip.details": ("Siirry tietoihin", "Gå till detaljerna", "Skip to the details"),
    "page.search": ("Etsi solmu", "Sök nod", "Find a node"),
    "page.search.hint": (
        "kirjoita nimen osa",
        "skriv en del av namnet",
        "type part of a name",
    ),
    "page.close": ("Sulje", "Stäng", "Close"),
    "page.more": ("Lisää valintoja", "Fler val", "More choices"),
    "page.flags": ("Huomiot", "Observationer", "Flags"),
    "page.layer_of": ("{layer}:", "{layer}:", "{layer}:"),
    "page.paper": ("Sivukoko", "Sidstorlek", "Page size"),
    "page.paper.none": ("kuten näytöllä", "som på skärmen", "as on screen"),
    "page.showing_page": (
        "Strategia yhdellä sivulla: {name}",
        "Strategin på en sida: {name}",
        "Strategy on a page: {name}",
    ),
    "page.showing_coverage": (
        "Kattavuus: kansalliset tavoitteet ja alueet",
        "Täckning: nationella mål och regioner",
        "Coverage: national goals and regions",
    ),
    "page.flag.overdue": (
        "Myöhässä: eräpäivä {date}, valmiina {progress} %",
        "Försenad: förfallodag {date}, {progress} % klart",
        "Overdue: due {date}, {progress} % done",
    ),
    "page.flag.no_project": (
        "Yksikään alueen hanke ei ulotu tähän.",
        "Inget projekt i regionen når hit.",
        "No project of the region reaches it.",
    ),
    "page.comment.add": ("Uusi kommentti", "Ny kommentar", "New comment"),
    "page.comment.send": ("Lähetä", "Skicka", "Send"),
    "page.comment.edit": ("Muokkaa", "Redigera", "Edit"),
    "page.comment.save": ("Tallenna", "Spara", "Save"),
    "page.comment.cancel": ("Peru", "Avbryt", "Cancel"),
    "page.coverage_title": (
        "Kattavuus: kansalliset tavoitteet alueittain",
        "Täckning: nationella mål per region",
        "Coverage: national goals by region",
    ),
}

"""The words of the map page (``strategygraph/maps/static/index.html``): ``key: (fi, sv,
en)``, as in ``words.py``; the page's kind, status and health names come from there."""

from __future__ import annotations

__all__ = ["PAGE_WORDS"]

PAGE_WORDS: dict[str, tuple[str, str, str]] = {
    # -- the map page ----------------------------------------------------------------------
    "page.title": (
        "StrategyGraph — strategiakartta",
        "StrategyGraph — strategikarta",
        "StrategyGraph — strategy map",
    ),
    "page.region": ("Alue", "Region", "Region"),
    "page.node": ("Solmu", "Nod", "Node"),
    "page.whole_region": ("— koko alue —", "— hela regionen —", "— the whole region —"),
    "page.zoom": ("Koko", "Storlek", "Size"),
    "page.zoom.auto": ("sovita luettavaksi", "anpassa för läsning", "fit to read"),
    "page.zoom.fit": ("koko kartta näkyviin", "hela kartan synlig", "whole map in view"),
    "page.download": ("Lataa {format}", "Ladda ner {format}", "Download {format}"),
    "page.signin": ("Kirjautuminen", "Inloggning", "Sign-in"),
    "page.token": ("API-tunnus", "API-token", "API token"),
    "page.signin.button": ("Kirjaudu", "Logga in", "Sign in"),
    "page.signout": ("Kirjaudu ulos", "Logga ut", "Sign out"),
    "page.filters": ("Suodattimet", "Filter", "Filters"),
    "page.layers": ("Tasot", "Nivåer", "Layers"),
    "page.project_health": ("Hankkeiden terveys", "Projektens hälsa", "Project health"),
    "page.show": ("Näytä", "Visa", "Show"),
    "page.clusters": (
        "organisaatiot ryhminä",
        "organisationer som grupper",
        "organisations as groups",
    ),
    "page.retired": ("poistetut käytöstä", "avvecklade", "retired"),
    "page.map": ("Kartta", "Karta", "Map"),
    "page.strategy_map": ("Strategiakartta", "Strategikarta", "Strategy map"),
    "page.choose": (
        "Valitse solmu kartalta tai luettelosta",
        "Välj en nod på kartan eller i listan",
        "Choose a node on the map or from the list",
    ),
    "page.show_trace": ("Näytä jäljityskartta", "Visa spårningskarta", "Show the trace map"),
    "page.why": ("Miksi tämä on olemassa?", "Varför finns detta?", "Why does this exist?"),
    "page.comments": ("Kommentit", "Kommentarer", "Comments"),
    "page.signin_prompt": (
        "Kirjaudu sisään: anna API-tunnus (strategygraph token create). ",
        "Logga in: ange en API-token (strategygraph token create). ",
        "Sign in: give an API token (strategygraph token create). ",
    ),
    "page.drawing": ("Piirretään karttaa…", "Kartan ritas…", "Drawing the map…"),
    "page.draw_failed": (
        "Karttaa ei voitu piirtää ({status}).",
        "Kartan kunde inte ritas ({status}).",
        "The map could not be drawn ({status}).",
    ),
    "page.download_failed": (
        "Lataus epäonnistui ({status}).",
        "Nedladdningen misslyckades ({status}).",
        "The download failed ({status}).",
    ),
    "page.showing_trace": ("Jäljityskartta: {name}", "Spårningskarta: {name}", "Trace map: {name}"),
    "page.showing_region": ("Alue: {name}", "Region: {name}", "Region: {name}"),
    "page.no_node": ("Solmua {id} ei ole.", "Noden {id} finns inte.", "There is no node {id}."),
    "page.fact.kind": ("Taso", "Nivå", "Layer"),
    "page.fact.status": ("Tila", "Status", "Status"),
    "page.fact.region": ("Alue", "Region", "Region"),
    "page.fact.organisation": ("Organisaatio", "Organisation", "Organisation"),
    "page.fact.owner": ("Omistaja", "Ägare", "Owner"),
    "page.fact.health": ("Terveys", "Hälsa", "Health"),
    "page.fact.rollup": ("Hankkeiden terveys", "Projektens hälsa", "Project health"),
    "page.fact.progress": ("Eteneminen", "Framsteg", "Progress"),
    "page.fact.phase": ("Vaihe", "Fas", "Phase"),
    "page.fact.due": ("Määräaika", "Förfallodag", "Due"),
    "page.fact.id": ("Tunnus", "Id", "Id"),
    "page.trace_top": (
        "Kansallinen tavoite: jäljityksen yläpää.",
        "Nationellt mål: spårningens översta nivå.",
        "A national goal: the top of every trace.",
    ),
    "page.trace_more": (
        "Näytetään {shown} / {total} polkua.",
        "Visar {shown} av {total} stigar.",
        "Showing {shown} of {total} paths.",
    ),
    "page.no_route": (
        "Ei reittiä kansallisiin tavoitteisiin.",
        "Ingen väg till de nationella målen.",
        "No route to the national goals.",
    ),
    "page.comments_hidden": (
        "Kommentit eivät näy: ",
        "Kommentarerna visas inte: ",
        "The comments cannot be shown: ",
    ),
    "page.edited": ("(muokattu)", "(redigerad)", "(edited)"),
    "page.no_comments": ("Ei kommentteja.", "Inga kommentarer.", "No comments."),
    "page.no_regions": (
        "Ei alueita näytettävänä.",
        "Inga regioner att visa.",
        "No regions to show.",
    ),
    "page.trace_file": ("jaljitys", "sparning", "trace"),
    # -- the situational picture in the details -------------------------------------------
    "page.risks": (
        "Riskit, jotka uhkaavat tätä",
        "Risker som hotar detta",
        "Risks threatening this",
    ),
    "page.risk.facts": (
        "pisteet {score} · {status}",
        "poäng {score} · {status}",
        "score {score} · {status}",
    ),
    "page.risk.owner": ("vastuu: {owner}", "ansvar: {owner}", "owner: {owner}"),
    "page.indicators": ("Mittarit", "Indikatorer", "Indicators"),
    "page.indicator.latest": (
        "viimeisin {value} ({date})",
        "senaste {value} ({date})",
        "latest {value} ({date})",
    ),
    "page.indicator.target": ("tavoite {value}", "mål {value}", "target {value}"),
    "page.indicator.none": ("ei lukemia", "inga mätvärden", "no readings"),
    "page.indicator.chart": (
        "Lukemat: {title}",
        "Mätvärden: {title}",
        "Readings: {title}",
    ),
    "page.report": ("Viimeisin tilannekatsaus", "Senaste lägesrapport", "Latest status report"),
    "page.report.none": (
        "Tilannekatsausta ei ole jätetty.",
        "Ingen lägesrapport har lämnats.",
        "No status report has been filed.",
    ),
    "page.report.next": ("Seuraavaksi: {text}", "Härnäst: {text}", "Next: {text}"),
    "page.report.older": (
        "{count} aiempaa katsausta",
        "{count} tidigare rapporter",
        "{count} earlier reports",
    ),
    # A refusal as a person reads it, by its ``extensions.code``: the server's own message
    # is English, written for integrators (the page shows it nowhere).
    "page.error.anonymous": (
        "Tämä palvelu ei näytä strategiaa kirjautumatta.",
        "Den här tjänsten visar inte strategin utan inloggning.",
        "This service does not show the strategy without signing in.",
    ),
    "page.error.UNAUTHENTICATED": (
        "API-tunnus ei kelpaa: se on väärin kirjoitettu, vanhentunut tai peruttu.",
        "API-token duger inte: den är felskriven, har gått ut eller har återkallats.",
        "The API token is not accepted: it is mistyped, expired or revoked.",
    ),
    "page.error.FORBIDDEN": (
        "Sinulla ei ole tähän oikeutta.",
        "Du har inte behörighet till detta.",
        "You do not have the right to do this.",
    ),
    "page.error.NOT_FOUND": (
        "Ei löytynyt: se on poistettu, tai sinulla ei ole oikeutta nähdä sitä.",
        "Hittades inte: den har tagits bort, eller så får du inte se den.",
        "Not found: it was deleted, or you may not see it.",
    ),
    "page.error.VERSION_CONFLICT": (
        "Joku muu muutti tätä sillä välin. Lataa sivu uudelleen ja yritä sitten.",
        "Någon annan ändrade detta under tiden. Ladda om sidan och försök sedan.",
        "Someone else changed this meanwhile. Reload the page, then try again.",
    ),
    "page.error.VALIDATION": (
        "Palvelu ei hyväksynyt syötettä: tarkista se ja yritä uudelleen.",
        "Tjänsten godtog inte uppgifterna: kontrollera dem och försök igen.",
        "The service did not accept the input: check it and try again.",
    ),
    "page.error.MAP_TOO_LARGE": (
        "Kartta on liian suuri yhdelle sivulle: rajaa tasoja, terveyttä tai aluetta.",
        "Kartan är för stor för en sida: begränsa nivåer, hälsa eller region.",
        "The map is too large for one page: narrow the layers, health or region.",
    ),
    "page.error.RENDER_FAILED": (
        "Karttaa ei voitu piirtää.",
        "Kartan kunde inte ritas.",
        "The map could not be drawn.",
    ),
    "page.error.COST_LIMIT": (
        "Pyyntö on liian raskas: pyydä vähemmän kerralla.",
        "Begäran är för tung: be om mindre åt gången.",
        "The request is too heavy: ask for less at a time.",
    ),
    "page.error.RATE_LIMITED": (
        "Liian monta pyyntöä lyhyessä ajassa: odota hetki ja yritä uudelleen.",
        "För många begäranden på kort tid: vänta en stund och försök igen.",
        "Too many requests in a short time: wait a moment and try again.",
    ),
    "page.error.REQUEST_TIMEOUT": (
        "Pyyntö kesti liian kauan ja keskeytettiin: yritä uudelleen.",
        "Begäran tog för lång tid och avbröts: försök igen.",
        "The request took too long and was stopped: try again.",
    ),
    "page.error.STORE_BUSY": (
        "Palvelu on juuri nyt varattu: yritä hetken kuluttua uudelleen.",
        "Tjänsten är upptagen just nu: försök igen om en stund.",
        "The service is busy just now: try again in a moment.",
    ),
    "page.error.STORE_UNAVAILABLE": (
        "Tietoja ei saada juuri nyt: yritä myöhemmin uudelleen.",
        "Uppgifterna kan inte nås just nu: försök igen senare.",
        "The data cannot be reached just now: try again later.",
    ),
    "page.error.INTERNAL": (
        "Palvelussa tapahtui virhe: yritä uudelleen.",
        "Ett fel inträffade i tjänsten: försök igen.",
        "Something went wrong in the service: try again.",
    ),
    "page.error.network": (
        "Palvelimeen ei saatu yhteyttä.",
        "Ingen förbindelse med servern.",
        "The server could not be reached.",
    ),
    "page.error.other": (
        "Pyyntö epäonnistui ({code}).",
        "Begäran misslyckades ({code}).",
        "The request failed ({code}).",
    ),
}

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
    "page.fact.progress": ("Edistyminen", "Framsteg", "Progress"),
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
}

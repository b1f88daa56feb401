"""The words of the CLI's node and trace output (``show``, ``trace``): ``key: (fi, sv,
en)``, as in ``words.py``. A node's kind, status and health come from ``words.py``; the
fields the map page names too, from ``page_words.py`` (``page.fact.*``)."""

from __future__ import annotations

__all__ = ["TRACE_WORDS"]

TRACE_WORDS: dict[str, tuple[str, str, str]] = {
    "trace.showing": (
        "Näytetään {shown} / {total} polkua; loput: --first ja --after.",
        "Visar {shown} av {total} stigar; resten: --first och --after.",
        "Showing {shown} of {total} paths; the rest: --first and --after.",
    ),
    "trace.goals": (
        "Saavutetut kansalliset tavoitteet (polkuja):",
        "Nådda nationella mål (stigar):",
        "National goals reached (paths):",
    ),
    "trace.none": (
        "{node} ei johda yhteenkään kansalliseen tavoitteeseen.",
        "{node} leder inte till något nationellt mål.",
        "{node} reaches no national goal.",
    ),
    "trace.path": ("Polku {number}", "Stig {number}", "Path {number}"),
    "trace.risks": (
        "Avoimet riskit jäljityksen solmuissa:",
        "Öppna risker på spårningens noder:",
        "Open risks on the traced nodes:",
    ),
    "trace.risk": (
        "pisteet {score} · {status} · uhkaa: {nodes}",
        "poäng {score} · {status} · hotar: {nodes}",
        "score {score} · {status} · threatens: {nodes}",
    ),
    # -- an edge's relation, read from its source to its target: "A vastaa → B" -----------
    "relation.ADDRESSES": ("vastaa", "tar sig an", "addresses"),
    "relation.CHALLENGES": ("kuuluu", "hör till", "challenges"),
    "relation.SUPPORTS": ("tukee", "stöder", "supports"),
    "relation.REALISES": ("toteuttaa", "förverkligar", "realises"),
    "relation.DERIVES_FROM": ("pohjautuu", "bygger på", "derives from"),
    "relation.DEPENDS_ON": ("riippuu", "beror på", "depends on"),
    "edge.inferred": ("päätelty", "härledd", "inferred"),
    # -- a node's fields in ``show`` that the map page does not name -------------------------
    "node.field.approved_by": ("Hyväksyjä", "Godkänd av", "Approved by"),
    "node.field.decision_date": ("Päätöspäivä", "Beslutsdatum", "Decision date"),
    "node.field.decision_ref": ("Päätösviite", "Beslutsreferens", "Decision reference"),
    "node.field.start_date": ("Alkaa", "Startdatum", "Start date"),
    "node.field.version": ("Versio", "Version", "Version"),
    "node.field.updated_at": ("Muutettu", "Ändrad", "Updated"),
    "node.field.updated_by": ("Muuttaja", "Ändrad av", "Updated by"),
    "node.field.source": ("Lähde", "Källa", "Source"),
    "node.field.tags": ("Tunnisteet", "Taggar", "Tags"),
    "node.field.description": ("Kuvaus", "Beskrivning", "Description"),
    "node.field.edge": ("Linkki", "Länk", "Link"),
    "node.field.title": ("Nimi", "Namn", "Title"),
    "node.field.depth": ("Syvyys", "Djup", "Depth"),
    "node.field.via": ("Kautta", "Via", "Via"),
}

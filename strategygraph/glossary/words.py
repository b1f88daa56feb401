"""Every word a person reads in the maps, the map page and the CLI tables, in Finnish,
Swedish and English: ``key: (fi, sv, en)``.

One concept has one name per language: a challenge is "voitettava taistelu" /
"utmaning" / "challenge" everywhere. Kinds have three forms: ``one`` (a node's caption),
``many`` (a layer name, a list heading) and ``count``, the form after a number other than
one (Finnish partitive: "3 strategista hanketta"). ``{name}`` fields are filled in by
``Glossary.text``.
"""

from __future__ import annotations

from .archimate_words import ARCHIMATE_WORDS
from .cli_words import CLI_WORDS
from .onepage_words import ONEPAGE_WORDS
from .page_words import PAGE_WORDS
from .situation_words import SITUATION_WORDS
from .sync_words import SYNC_WORDS
from .trace_words import TRACE_WORDS

__all__ = ["WORDS"]

WORDS: dict[str, tuple[str, str, str]] = {
    # -- layers (node kinds) ---------------------------------------------------------------
    "kind.NATIONAL_GOAL.one": ("kansallinen tavoite", "nationellt mål", "national goal"),
    "kind.NATIONAL_GOAL.many": ("kansalliset tavoitteet", "nationella mål", "national goals"),
    "kind.NATIONAL_GOAL.count": ("kansallista tavoitetta", "nationella mål", "national goals"),
    "kind.CHANGE_VISION.one": ("muutosvisio", "förändringsvision", "change vision"),
    "kind.CHANGE_VISION.many": ("muutosvisiot", "förändringsvisioner", "change visions"),
    "kind.CHANGE_VISION.count": ("muutosvisiota", "förändringsvisioner", "change visions"),
    "kind.ORGANISATIONAL_VISION.one": (
        "organisaation visio",
        "organisationens vision",
        "organisational vision",
    ),
    "kind.ORGANISATIONAL_VISION.many": (
        "organisaation visiot",
        "organisationens visioner",
        "organisational visions",
    ),
    "kind.ORGANISATIONAL_VISION.count": (
        "organisaation visiota",
        "organisationens visioner",
        "organisational visions",
    ),
    "kind.STRATEGIC_LINE.one": ("strateginen linjaus", "strategisk riktlinje", "strategic line"),
    "kind.STRATEGIC_LINE.many": (
        "strategiset linjaukset",
        "strategiska riktlinjer",
        "strategic lines",
    ),
    "kind.STRATEGIC_LINE.count": (
        "strategista linjausta",
        "strategiska riktlinjer",
        "strategic lines",
    ),
    "kind.CHALLENGE.one": ("voitettava taistelu", "utmaning", "challenge"),
    "kind.CHALLENGE.many": ("voitettavat taistelut", "utmaningar", "challenges"),
    "kind.CHALLENGE.count": ("voitettavaa taistelua", "utmaningar", "challenges"),
    "kind.STRATEGIC_PROJECT.one": ("strateginen hanke", "strategiskt projekt", "strategic project"),
    "kind.STRATEGIC_PROJECT.many": (
        "strategiset hankkeet",
        "strategiska projekt",
        "strategic projects",
    ),
    "kind.STRATEGIC_PROJECT.count": (
        "strategista hanketta",
        "strategiska projekt",
        "strategic projects",
    ),
    # -- lifecycle status --------------------------------------------------------------------
    "status.DRAFT": ("luonnos", "utkast", "draft"),
    "status.PROPOSED": ("ehdotettu", "föreslagen", "proposed"),
    "status.APPROVED": ("hyväksytty", "godkänd", "approved"),
    "status.RETIRED": ("poistettu käytöstä", "avvecklad", "retired"),
    # -- project health (the PMO's traffic lights) and lateness -----------------------------
    "health.GREEN": ("vihreä", "grön", "green"),
    "health.AMBER": ("keltainen", "gul", "amber"),
    "health.RED": ("punainen", "röd", "red"),
    "health.UNKNOWN": ("ei tiedossa", "okänd", "unknown"),
    "health": ("terveys", "hälsa", "health"),
    "overdue": ("myöhässä", "försenad", "overdue"),
    "overdue.count": ("{count} myöhässä", "{count} försenade", "{count} overdue"),
    "due": ("eräpäivä {date}", "förfallodag {date}", "due {date}"),
    # -- gaps: the legend's names, and the short words on a marked node --------------------
    "gap.PROJECT_NOT_TRACED": (
        "Strateginen hanke ei ulotu kansalliseen tavoitteeseen",
        "Strategiskt projekt som inte når något nationellt mål",
        "Project reaches no national goal",
    ),
    "gap.CHALLENGE_UNADDRESSED": (
        "Voitettava taistelu, johon mikään hanke ei vastaa",
        "Utmaning som inget projekt tar sig an",
        "Challenge no project addresses",
    ),
    "gap.LINE_EMPTY": (
        "Strateginen linjaus, jonka alla ei ole mitään",
        "Strategisk riktlinje utan något under sig",
        "Strategic line with nothing under it",
    ),
    "gap.GOAL_UNSERVED": (
        "Kansallinen tavoite, jota mikään ei palvele",
        "Nationellt mål som inget tjänar",
        "National goal nothing serves",
    ),
    "gap.LAYER_SKIP": (
        "Linkki ohittaa tason",
        "Länk som hoppar över en nivå",
        "Link skips a layer",
    ),
    "gap.STALE_DRAFT": (
        "Kesken jäänyt luonnos",
        "Utkast som blivit liggande",
        "Draft left unfinished",
    ),
    "gap.NO_PROJECT": (
        "Mikään alueen hanke ei ulotu tähän",
        "Inget av regionens projekt når hit",
        "No project of the region reaches it",
    ),
    "node_gap.PROJECT_NOT_TRACED": (
        "ei ulotu kansalliseen tavoitteeseen",
        "når inget nationellt mål",
        "reaches no national goal",
    ),
    "node_gap.CHALLENGE_UNADDRESSED": (
        "mikään hanke ei vastaa tähän",
        "inget projekt tar sig an den",
        "no project addresses it",
    ),
    "node_gap.LINE_EMPTY": ("ei mitään alla", "inget under den", "nothing under it"),
    "node_gap.GOAL_UNSERVED": ("mikään ei palvele tätä", "inget tjänar det", "nothing serves it"),
    "node_gap.NO_PROJECT": (
        "mikään hanke ei ulotu tähän",
        "inget projekt når hit",
        "no project reaches it",
    ),
    "gap.more": ("ja {count} muuta", "och {count} till", "and {count} more"),
    "gap.skip_to": (
        "linkki suoraan → {target}",
        "länk direkt → {target}",
        "links straight → {target}",
    ),
    "gap.draft_since": ("luonnos {date} lähtien", "utkast sedan {date}", "a draft since {date}"),
    # -- map headings ------------------------------------------------------------------------
    "map.alignment": ("Kohdistumiskartta", "Målkarta", "Alignment map"),
    "map.trace.up": (
        "Jäljityskartta: miksi tämä on olemassa",
        "Spårningskarta: varför detta finns",
        "Trace map: why it exists",
    ),
    "map.trace.down": (
        "Jäljityskartta: mikä tätä toteuttaa",
        "Spårningskarta: vad som förverkligar detta",
        "Trace map: what realises it",
    ),
    "map.trace.both": (
        "Jäljityskartta: ylös ja alas",
        "Spårningskarta: uppåt och nedåt",
        "Trace map: up and down",
    ),
    "map.levels.one": ("1 taso", "1 nivå", "1 level"),
    "map.levels.count": ("{count} tasoa", "{count} nivåer", "{count} levels"),
    "map.version": (
        "graafin versio {version}",
        "grafens version {version}",
        "graph version {version}",
    ),
    "map.filtered": ("suodatettu: {filters}", "filtrerad: {filters}", "filtered by {filters}"),
    "map.dependencies_left_out": (
        "{count} hankkeiden välistä riippuvuutta piirtämättä (kartassa yli {limit} solmua)",
        "{count} beroenden mellan projekt inte ritade (kartan har över {limit} noder)",
        "{count} project dependencies not drawn (map over {limit} nodes)",
    ),
    "filter.kind": ("taso", "nivå", "kind"),
    "filter.status": ("tila", "status", "status"),
    "filter.health": ("terveys", "hälsa", "health"),
    "filter.tag": ("tunniste", "tagg", "tag"),
    "filter.organisation": ("organisaatio", "organisation", "organisation"),
    # -- legends -----------------------------------------------------------------------------
    "legend.kinds": ("Tasot:", "Nivåer:", "Kinds:"),
    "legend.health.share": (
        "Hankkeen terveys (täyttö ja merkki); ylempänä hankkeiden jakauma:",
        "Projektets hälsa (fyllning och tecken); högre upp projektens fördelning:",
        "Project health (fill and sign); above: how the projects under it divide:",
    ),
    "legend.health.worst": (
        "Hankkeen terveys (täyttö ja merkki); ylempänä reunus: heikoin alla oleva:",
        "Projektets hälsa (fyllning och tecken); högre upp kant: den sämsta under:",
        "Project health (fill and sign); above: border of the worst under it:",
    ),
    "legend.overdue": (
        "⚑ myöhässä: eräpäivä mennyt, valmis alle 100 %",
        "⚑ försenad: förfallodagen passerad, under 100 % klart",
        "⚑ overdue: past its due date, under 100 % done",
    ),
    "legend.lines": (
        "katkoviiva: luonnos · pisteviiva: poistettu käytöstä · pisteviivayhteys: piilotettujen"
        " solmujen kautta",
        "streckad: utkast · prickad: avvecklad · prickad länk: via dolda noder",
        "dashed: draft · dotted: retired · dotted line: through hidden nodes",
    ),
    "legend.suspect": (
        "- - oranssi: epäilyttävä linkki, tarkistettava",
        "- - orange: misstänkt länk, ska granskas",
        "- - orange: suspect link, to review",
    ),
    "legend.cell.share": (
        "Solu: hankkeiden määrä, terveyden jakauma ja palkki osuuksista;",
        "Cell: antal projekt, hälsans fördelning och en stapel av andelarna;",
        "Cell: the number of projects, their health and a bar of the shares;",
    ),
    "legend.cell.worst": (
        "Solun väri: hankkeiden heikoin terveys;",
        "Cellens färg: projektens sämsta hälsa;",
        "Cell colour: the worst project health;",
    ),
    "legend.cell.none": (
        "⚠ ei mitään: mikään alueen osa ei ulotu tavoitteeseen",
        "⚠ inget: inget av regionen når målet",
        "⚠ none: nothing of the region reaches the goal",
    ),
    # -- the coverage map and table ------------------------------------------------------------
    "coverage.title": (
        "Kansallisten tavoitteiden kattavuus",
        "De nationella målens täckning",
        "Coverage of the national goals",
    ),
    "coverage.subtitle": (
        "Kattavuuskartta: tavoitteeseen ulottuvat {what}",
        "Täckningskarta: {what} som når varje mål",
        "Coverage map: {what} reaching each goal",
    ),
    "coverage.and": (" ja ", " och ", " and "),
    "coverage.nothing": ("⚠ ei mitään", "⚠ inget", "⚠ none"),
    "coverage.no_kind": (
        "⚠ yksikään {one} ei ulotu tähän",
        "⚠ inga {many} når hit",
        "⚠ no {one} reaches it",
    ),
    "coverage.reached_by": ("ulottuvat:", "når hit:", "reached by:"),
    "coverage.region": ("alue", "region", "region"),
    "coverage.share": (
        "{health}: {count} ({share} %)",
        "{health}: {count} ({share} %)",
        "{health}: {count} ({share} %)",
    ),
    # -- CLI tables ----------------------------------------------------------------------------
    "gaps.title": ("Aukot ({count})", "Luckor ({count})", "Gaps ({count})"),
    "gaps.type": ("aukko", "lucka", "gap"),
    "gaps.node": ("solmu", "nod", "node"),
    "gaps.id": ("tunnus", "id", "id"),
    **PAGE_WORDS,
    **ARCHIMATE_WORDS,
    **TRACE_WORDS,
    **CLI_WORDS,
    **SITUATION_WORDS,
    **ONEPAGE_WORDS,
    **SYNC_WORDS,
}

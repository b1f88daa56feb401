"""The words of the CLI's import report (sync and mirror), its export and its ``webhook``
commands: ``key: (fi, sv, en)``, as in ``words.py``. Ids, URLs and versions are filled in
as they are.
"""

from __future__ import annotations

__all__ = ["SYNC_WORDS"]

SYNC_WORDS: dict[str, tuple[str, str, str]] = {
    # -- import report ---------------------------------------------------------------------
    "import.progress": ("Tuodaan {file}", "Importerar {file}", "Importing {file}"),
    "import.reading": ("luetaan", "läser", "reading"),
    "import.checking": ("tarkistetaan", "kontrollerar", "checking"),
    "import.committing": ("tallennetaan", "sparar", "committing"),
    "import.dry_run": (
        "Kuivaharjoitus: mitään ei muutettu.",
        "Provkörning: inget ändrades.",
        "Dry run: nothing was changed.",
    ),
    "import.summary": (
        "lisätty {nodes_added} solmua ja {edges_added} linkkiä, muutettu {nodes_changed} "
        "solmua, ennallaan {nodes_unchanged} solmua ja {edges_unchanged} linkkiä; "
        "graafin versio {version}",
        "lade till {nodes_added} noder och {edges_added} länkar, ändrade {nodes_changed} "
        "noder, lämnade {nodes_unchanged} noder och {edges_unchanged} länkar orörda; "
        "grafens version {version}",
        "added {nodes_added} nodes and {edges_added} edges, changed {nodes_changed} nodes, "
        "left {nodes_unchanged} nodes and {edges_unchanged} edges alone; "
        "graph version {version}",
    ),
    "import.summary.dry": (
        "lisättäisiin {nodes_added} solmua ja {edges_added} linkkiä, muutettaisiin "
        "{nodes_changed} solmua, ennalleen jäisi {nodes_unchanged} solmua ja "
        "{edges_unchanged} linkkiä; graafin versio {version}",
        "skulle lägga till {nodes_added} noder och {edges_added} länkar, skulle ändra "
        "{nodes_changed} noder, skulle lämna {nodes_unchanged} noder och {edges_unchanged} "
        "länkar orörda; grafens version {version}",
        "would add {nodes_added} nodes and {edges_added} edges, would change {nodes_changed} "
        "nodes, left {nodes_unchanged} nodes and {edges_unchanged} edges alone; "
        "graph version {version}",
    ),
    "import.added": ("lisätty", "tillagda", "added"),
    "import.added.dry": ("lisättäisiin", "skulle läggas till", "would add"),
    "import.changed": ("muutettu", "ändrade", "changed"),
    "import.changed.dry": ("muutettaisiin", "skulle ändras", "would change"),
    "import.unchanged": ("ennallaan", "orörda", "left alone"),
    "import.unchanged.dry": ("ennallaan", "orörda", "left alone"),
    "import.edges_changed": ("muutetut linkit", "ändrade länkar", "changed edges"),
    "import.edges_changed.dry": (
        "muutettaisiin linkit",
        "länkar som skulle ändras",
        "would change edges",
    ),
    "import.mirror": (
        "alueen {region} peili: tiedosto on koko totuus",
        "spegling av region {region}: filen är hela sanningen",
        "mirror of region {region}: the file is the whole truth",
    ),
    "import.deleted": ("poistettu", "borttagna", "deleted"),
    "import.deleted.dry": ("poistettaisiin", "skulle tas bort", "would delete"),
    "import.retired": ("poistettu käytöstä", "avvecklade", "retired"),
    "import.retired.dry": ("poistettaisiin käytöstä", "skulle avvecklas", "would retire"),
    "import.edges_removed": ("poistetut linkit", "borttagna länkar", "removed edges"),
    "import.edges_removed.dry": (
        "poistettaisiin linkit",
        "länkar som skulle tas bort",
        "would remove edges",
    ),
    "import.records": (
        "tilannekuva: lisätty {added}, muutettu {changed}, ennallaan {unchanged}",
        "lägesbild: tillagda {added}, ändrade {changed}, orörda {unchanged}",
        "situational picture: added {added}, changed {changed}, left {unchanged} alone",
    ),
    "import.records.dry": (
        "tilannekuva: lisättäisiin {added}, muutettaisiin {changed}, ennallaan {unchanged}",
        "lägesbild: skulle läggas till {added}, skulle ändras {changed}, orörda {unchanged}",
        "situational picture: would add {added}, would change {changed}, left {unchanged} alone",
    ),
    "import.more": ("… ja {count} muuta", "… och {count} till", "… and {count} more"),
    "import.note": ("huom.: {text}", "obs.: {text}", "note: {text}"),
    "export.wrote": ("kirjoitettu {path}", "skrev {path}", "wrote {path}"),
    # -- webhook commands ------------------------------------------------------------------
    "webhook.added": (
        "webhook {id} -> {url}; salaisuus näytetään vain kerran",
        "webhook {id} -> {url}; hemligheten visas bara en gång",
        "webhook {id} -> {url}; the secret is shown once",
    ),
    "webhook.removed": (
        "webhook {id} ({url}) poistettu",
        "webhook {id} ({url}) borttagen",
        "removed webhook {id} ({url})",
    ),
    "webhook.row": (
        "{id}  {url}  omistaja {owner}  alue {region}  toimitettu versioon {version} asti",
        "{id}  {url}  ägare {owner}  region {region}  levererad till version {version}",
        "{id}  {url}  owner {owner}  region {region}  delivered up to {version}",
    ),
    "webhook.none": ("Ei webhookeja.", "Inga webhooks.", "No webhooks."),
    "webhook.every_region": ("kaikki", "alla", "*"),
    "webhook.log_row": (
        "{at}  {hook}  versio {version}  yritys {attempt}  {outcome}  {detail}",
        "{at}  {hook}  version {version}  försök {attempt}  {outcome}  {detail}",
        "{at}  {hook}  version {version}  attempt {attempt}  {outcome}  {detail}",
    ),
    "webhook.log_none": (
        "Ei toimitusyrityksiä.",
        "Inga leveransförsök.",
        "No delivery attempts.",
    ),
    "webhook.outcome.delivered": ("toimitettu", "levererad", "delivered"),
    "webhook.outcome.failed": ("epäonnistui", "misslyckades", "failed"),
    "webhook.outcome.gave-up": ("luovuttu", "gav upp", "gave up"),
    "webhook.outcome.refused": ("estetty osoite", "spärrad adress", "refused"),
}

"""The words of the CLI's own messages: ``token …``, ``role …``, ``serve``, ``demo``,
``region add``, ``render``, ``migrate``: ``key: (fi, sv, en)``, as in ``words.py``. A role is shown
by the code the commands take (``planner``), with the glossary's name beside it where
the language has another (``role.name.*``)."""

from __future__ import annotations

__all__ = ["CLI_WORDS"]

CLI_WORDS: dict[str, tuple[str, str, str]] = {
    "token.created": (
        "tunnus {id} käyttäjälle {user}, päättyy {until}; näytetään vain kerran",
        "token {id} för {user}, upphör {until}; visas bara en gång",
        "token {id} for {user}, expires {until}; shown once",
    ),
    "token.revoked": (
        "käyttäjän {user} tunnus {id} mitätöity",
        "token {id} för {user} återkallad",
        "revoked token {id} of {user}",
    ),
    "token.row": (
        "{id}  {user}  {state}  päättyy {until}  {label}",
        "{id}  {user}  {state}  upphör {until}  {label}",
        "{id}  {user}  {state}  expires {until}  {label}",
    ),
    "token.never": ("ei koskaan", "aldrig", "never"),
    "token.none": ("Ei tunnuksia.", "Inga token.", "No tokens."),
    "token.state.active": ("voimassa", "giltig", "active"),
    "token.state.expired": ("vanhentunut", "utgången", "expired"),
    "token.state.revoked": ("mitätöity", "återkallad", "revoked"),
    "role.granted": (
        "{user}: {role} alueella {region}",
        "{user}: {role} i region {region}",
        "{user} is {role} in {region}",
    ),
    "role.already": ("(jo ennestään)", "(redan)", "(already)"),
    "role.revoked": (
        "{user}: ei enää {role} alueella {region}",
        "{user}: inte längre {role} i region {region}",
        "{user} is no longer {role} in {region}",
    ),
    "role.row": (
        "{user}  {role}  {region}",
        "{user}  {role}  {region}",
        "{user}  {role}  {region}",
    ),
    "role.none": ("Ei rooleja.", "Inga roller.", "No roles."),
    "role.name.viewer": ("lukija", "läsare", "viewer"),
    "role.name.planner": ("suunnittelija", "planerare", "planner"),
    "role.name.approver": ("hyväksyjä", "godkännare", "approver"),
    "role.name.admin": ("ylläpitäjä", "administratör", "admin"),
    # -- serve and demo ----------------------------------------------------------------------
    "serve.api": (
        "StrategyGraph API osoitteessa {url} ({mode})",
        "StrategyGraph API på {url} ({mode})",
        "StrategyGraph API on {url} ({mode})",
    ),
    "serve.mode.development": ("kehitystila", "utvecklingsläge", "development mode"),
    "serve.mode.production": ("tuotantotila", "produktionsläge", "production mode"),
    "serve.page": (
        "Karttasivu: avaa {url} selaimessa",
        "Kartsidan: öppna {url} i en webbläsare",
        "Map page: open {url} in a browser",
    ),
    "serve.graphiql": (
        "GraphiQL: avaa {url} selaimessa",
        "GraphiQL: öppna {url} i en webbläsare",
        "GraphiQL: open {url} in a browser",
    ),
    "serve.token": (
        "Kirjoittaminen vaatii tunnuksen: {command}",
        "Att skriva kräver en token: {command}",
        "Writes need a token: {command}",
    ),
    "serve.user": ("NIMI", "NAMN", "NAME"),
    "demo.loaded": (
        "Demostrategia ladattu: {store}",
        "Demostrategin laddad: {store}",
        "Loaded the demo strategy into {store}",
    ),
    "demo.kept": (
        "Tallennuspaikassa {store} on jo graafi; käytetään sitä.",
        "Lagret {store} har redan en graf; den används.",
        "The store {store} already holds a graph; using it.",
    ),
    "demo.token": (
        "Demon ylläpitäjän tunnus (kehitystila; kaikki alueet; 24 h):",
        "Demons administratörstoken (utvecklingsläge; alla regioner; 24 h):",
        "Demo admin token (development mode; every region; 24 h):",
    ),
    "demo.header": (
        "Lisää GraphiQL:ssä otsake {header}.",
        "Lägg till huvudet {header} i GraphiQL.",
        "In GraphiQL, add the header {header}.",
    ),
    "region.added": (
        "alue {id} ({name}) lisätty",
        "region {id} ({name}) tillagd",
        "added region {id} ({name})",
    ),
    "render.wrote": (
        "kirjoitettu {path} ({size} tavua, graafin versio {version})",
        "skrev {path} ({size} byte, grafversion {version})",
        "wrote {path} ({size} bytes, graph version {version})",
    ),
    # -- migrate ---------------------------------------------------------------------------
    "migrate.reading": ("luetaan {url}", "läser {url}", "reading {url}"),
    "migrate.writing": ("kirjoitetaan {url}", "skriver {url}", "writing {url}"),
    "migrate.verifying": ("tarkistetaan", "kontrollerar", "verifying"),
    "migrate.copied": (
        "kopioitu {counts} lähteestä {source} kohteeseen {target}",
        "kopierade {counts} från {source} till {target}",
        "copied {counts} from {source} to {target}",
    ),
    "migrate.verified": (
        "tarkistettu: määrät ja sha256 {digest} täsmäävät",
        "kontrollerat: antal och sha256 {digest} stämmer",
        "verified: counts and sha256 {digest} match",
    ),
    "migrate.count.regions": ("alueet {n}", "regioner {n}", "{n} regions"),
    "migrate.count.organisations": ("organisaatiot {n}", "organisationer {n}", "{n} organisations"),
    "migrate.count.nodes": ("solmut {n}", "noder {n}", "{n} nodes"),
    "migrate.count.edges": ("linkit {n}", "länkar {n}", "{n} edges"),
    "migrate.count.events": ("tapahtumat {n}", "händelser {n}", "{n} events"),
    "migrate.count.comments": ("kommentit {n}", "kommentarer {n}", "{n} comments"),
    "migrate.count.risks": ("riskit {n}", "risker {n}", "{n} risks"),
    "migrate.count.indicators": ("mittarit {n}", "indikatorer {n}", "{n} indicators"),
    "migrate.count.measurements": ("lukemat {n}", "mätvärden {n}", "{n} measurements"),
    "migrate.count.reports": ("tilannekatsaukset {n}", "lägesrapporter {n}", "{n} reports"),
}

"""The words of ``strategygraph token …`` and ``strategygraph role …``: ``key: (fi, sv,
en)``, as in ``words.py``. A role is shown by the code the commands take (``planner``),
with the glossary's name beside it where the language has another (``role.name.*``)."""

from __future__ import annotations

__all__ = ["ACCESS_WORDS"]

ACCESS_WORDS: dict[str, tuple[str, str, str]] = {
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
}

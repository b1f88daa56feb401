"""The words of the CLI's trace output: ``key: (fi, sv, en)``, as in ``words.py``."""

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
}

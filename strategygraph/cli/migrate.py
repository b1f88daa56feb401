"""``strategygraph migrate``: copy a whole graph with its event log and its situational
picture (risks, indicators with readings, status reports) between two stores.

The copy is one ``restore`` transaction on the target (every rule checked, events with
their own sequence numbers), then verified: the target, read back, must give the same
counts and the same SHA-256 over the sorted export as the source.
"""

from __future__ import annotations

import click

from ..config import Settings, open_store
from ..domain import StrategyGraphError, ValidationError
from ..glossary import Glossary, glossary
from ..store import GraphStore
from ..store.snapshot import fingerprint, read_snapshot
from .app import require_store
from .errors import command

__all__ = ["migrate"]


@command()
@click.option("--from", "source_url", required=True, metavar="URL", help="Store to copy from.")
@click.option("--to", "target_url", required=True, metavar="URL", help="Store to copy into.")
@click.option("--force", is_flag=True, help="Replace whatever the target already holds.")
def migrate(source_url: str, target_url: str, force: bool) -> None:
    """Copy a whole graph with its event log and situational picture from one store to
    another, and verify it.

    URLs as for --store: sqlite:///PATH, neo4j://HOST:PORT or bolt://HOST:PORT (Neo4j
    credentials from STRATEGYGRAPH_NEO4J_USER, _PASSWORD and _DATABASE)."""
    words = glossary(Settings.from_env().lang)
    stores: list[GraphStore] = []
    try:
        if source_url == target_url:
            raise ValidationError.one("store-url", "--from and --to name the same store", "to")
        require_store(source_url)  # a mistyped --from: refused, no empty store left
        source = open_store(source_url)
        stores.append(source)
        target = open_store(target_url)
        stores.append(target)
        click.echo(words.text("migrate.reading", url=source_url), err=True)
        snapshot = read_snapshot(source)
        counts, digest = fingerprint(snapshot)
        click.echo(words.text("migrate.writing", url=target_url), err=True)
        try:
            target.restore(snapshot, replace=force)
        except ValidationError as exc:
            if exc.problems[0].rule == "store-not-empty":
                raise ValidationError.one(
                    "store-not-empty",
                    f"{exc.problems[0].message}; add --force to replace it",
                    "to",
                ) from exc
            raise
        click.echo(words.text("migrate.verifying"), err=True)
        copied, copied_digest = fingerprint(read_snapshot(target))
        if (copied, copied_digest) != (counts, digest):
            raise StrategyGraphError(
                f"verification failed: the source has {_show(counts)} (sha256 {digest}), "
                f"the target {_show(copied)} (sha256 {copied_digest})"
            )
        told = _show(counts, words)
        click.echo(words.text("migrate.copied", counts=told, source=source_url, target=target_url))
        click.echo(words.text("migrate.verified", digest=digest))
    finally:
        for store in stores:
            store.close()


_SITUATION = ("risks", "indicators", "measurements", "reports")
"""Collections told only when there are some (a graph without a picture reads as before)."""


def _show(counts: dict[str, int], words: Glossary | None = None) -> str:
    """The counts, each named (in English without ``words``: an error's message)."""
    return ", ".join(
        words.text(f"migrate.count.{name}", n=n) if words else f"{n} {name}"
        for name, n in counts.items()
        if n or name not in _SITUATION
    )

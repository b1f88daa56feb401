"""Field rules for nodes and edges. Pure functions: each returns the problems it finds."""

from __future__ import annotations

import re
from datetime import date

from .errors import Problem
from .kinds import NodeKind
from .metamodel import Metamodel
from .model import NATIONAL, PROJECT_FIELDS, Edge, Node

__all__ = [
    "DESCRIPTION_MAX",
    "ID_PATTERN",
    "TAG_MAX",
    "TITLE_MAX",
    "check_edge",
    "check_id",
    "check_node",
]

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
TAG_MAX = 50
TEXT_MAX = 500


def check_id(value: str, what: str, where: str | None = None) -> list[Problem]:
    if ID_PATTERN.fullmatch(value):
        return []
    return [
        Problem(
            "id-format",
            f"{what} id {value!r} must be 1-100 characters of a-z, 0-9 and '-', "
            "starting with a letter or digit",
            "id",
            where,
        )
    ]


def check_node(node: Node, where: str | None = None) -> list[Problem]:
    """Every field rule a node must satisfy, independent of the rest of the graph."""
    problems = check_id(node.id, "node", where)

    def bad(rule: str, fld: str, message: str) -> None:
        problems.append(Problem(rule, f"node '{node.id}': {message}", fld, where))

    title = node.title.strip()
    if not title:
        bad("title-required", "title", "title must not be empty")
    elif len(node.title) > TITLE_MAX:
        bad("title-length", "title", f"title is {len(node.title)} characters, at most {TITLE_MAX}")
    if len(node.description) > DESCRIPTION_MAX:
        bad(
            "description-length",
            "description",
            f"description is {len(node.description)} characters, at most {DESCRIPTION_MAX}",
        )
    if node.kind is NodeKind.NATIONAL_GOAL and node.region != NATIONAL:
        bad("national-region", "region", f"a national goal belongs to region '{NATIONAL}'")
    if node.kind is not NodeKind.NATIONAL_GOAL and node.region == NATIONAL:
        bad("national-region", "region", f"only national goals belong to region '{NATIONAL}'")
    for tag in node.tags:
        if not tag.strip() or len(tag) > TAG_MAX:
            bad("tag-format", "tags", f"tag {tag!r} must be 1-{TAG_MAX} characters")
    for name in ("approved_by", "decision_ref", "source", "owner", "phase"):
        value = getattr(node, name)
        if value is not None and len(value) > TEXT_MAX:
            bad("text-length", name, f"{name} is longer than {TEXT_MAX} characters")
    if not node.is_project:
        for name in PROJECT_FIELDS:
            if getattr(node, name) is not None:
                bad("project-only", name, f"{name} is only for strategic projects")
    if node.progress is not None and not 0 <= node.progress <= 100:
        bad("progress-range", "progress", f"progress {node.progress} is not between 0 and 100")
    if node.start_date and node.due_date and node.due_date < node.start_date:
        bad(
            "date-order",
            "due_date",
            f"due date {node.due_date} is before start date {node.start_date}",
        )
    if node.decision_date and node.decision_date > date.today():
        bad(
            "decision-date", "decision_date", f"decision date {node.decision_date} is in the future"
        )
    if node.version < 1:
        bad("version", "version", "version must be 1 or more")
    return problems


def check_edge(
    edge: Edge, source: Node, target: Node, metamodel: Metamodel, where: str | None = None
) -> list[Problem]:
    """Self-loops and metamodel triples (cycles need the graph: the store checks them)."""
    if edge.source == edge.target:
        return [
            Problem(
                "self-loop", f"edge {_show(edge)}: a node cannot link to itself", "target", where
            )
        ]
    if not metamodel.allows(source.kind, edge.relation, target.kind):
        allowed = ", ".join(metamodel.allowed_from(source.kind)) or "nothing"
        return [
            Problem(
                "metamodel",
                f"edge {_show(edge)}: {source.kind.value} -{edge.relation.value}-> "
                f"{target.kind.value} is not allowed by the metamodel; "
                f"a {source.kind.value} may link {allowed}",
                "relation",
                where,
            )
        ]
    return []


def _show(edge: Edge) -> str:
    return f"{edge.source} -{edge.relation.value}-> {edge.target}"

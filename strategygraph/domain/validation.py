"""Field rules for nodes and edges. Pure functions: each returns the problems it finds."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import date
from operator import attrgetter

from .errors import Problem, ValidationError
from .kinds import NodeKind
from .metamodel import Metamodel
from .model import NATIONAL, PROJECT_FIELDS, Edge, Node
from .situation import attribute_problems

__all__ = [
    "DESCRIPTION_MAX",
    "ID_PATTERN",
    "TAGS_MAX",
    "TAG_MAX",
    "TITLE_MAX",
    "attributes_from_pairs",
    "check_edge",
    "check_id",
    "check_node",
    "check_text",
    "nodes_pass",
]

ID_PATTERN = re.compile(r"[a-z0-9][a-z0-9-]{0,99}")
TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
TAG_MAX = 50
"""Characters in one tag."""
TAGS_MAX = 50
"""Tags on one node (after duplicates are dropped)."""
TEXT_MAX = 500

_NOT_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")
"""Control characters but tab and line breaks (LF, CR), and lone surrogates: what no
XML export can carry and no terminal should be sent."""


def check_text(value: str, what: str, field: str, where: str | None = None) -> list[Problem]:
    """A problem when ``value`` holds a control character other than tab and line breaks
    (rule ``control-character``) or a lone surrogate (``lone-surrogate``).

    >>> [(p.rule, p.message) for p in check_text("a\\x1bb", "node 'x'", "title")]
    [('control-character', "node 'x': title contains the control character U+001B at \
position 2; only tab and line breaks are allowed")]
    """
    found = _NOT_TEXT.search(value)
    if found is None:
        return []
    char, at = found.group(), found.start() + 1
    if "\ud800" <= char <= "\udfff":
        rule = "lone-surrogate"
        why = f"a lone surrogate U+{ord(char):04X} at position {at}, which is not text"
    else:
        rule = "control-character"
        why = (
            f"the control character U+{ord(char):04X} at position {at}; "
            "only tab and line breaks are allowed"
        )
    return [Problem(rule, f"{what}: {field} contains {why}", field, where)]


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


def attributes_from_pairs(
    pairs: Iterable[tuple[str, str]], where: str | None = None
) -> dict[str, str]:
    """The attributes of ``(key, value)`` pairs; a key given twice is refused (rule
    ``attribute-duplicate``), never silently kept once.

    >>> attributes_from_pairs([("mission", "a"), ("values", "b")])
    {'mission': 'a', 'values': 'b'}
    """
    found: dict[str, str] = {}
    twice: list[str] = []
    for key, value in pairs:
        if key in found and key not in twice:
            twice.append(key)
        found[key] = value
    if twice:
        raise ValidationError(
            [
                Problem(
                    "attribute-duplicate",
                    f"attribute {key!r} is given more than once",
                    "attributes",
                    where,
                )
                for key in twice
            ]
        )
    return found


def check_node(node: Node, where: str | None = None) -> list[Problem]:
    """Every field rule a node must satisfy, independent of the rest of the graph."""
    problems = check_id(node.id, "node", where)

    def bad(rule: str, fld: str, message: str) -> None:
        problems.append(Problem(rule, f"node '{node.id}': {message}", fld, where))

    what = f"node '{node.id}'"
    for name in ("title", "description", "approved_by", "decision_ref", "source", "owner", "phase"):
        value = getattr(node, name)
        if value:
            problems.extend(check_text(value, what, name, where))
    for tag in node.tags[: TAGS_MAX + 1]:
        problems.extend(check_text(tag, what, "tags", where))
    for key, value in node.attributes.items():
        problems.extend(check_text(key, what, "attributes", where))
        problems.extend(check_text(value, what, "attributes", where))
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
    if len(node.tags) > TAGS_MAX:
        bad("tag-count", "tags", f"{len(node.tags)} tags, at most {TAGS_MAX}")
    for tag in node.tags[: TAGS_MAX + 1]:
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
    for rule, message in attribute_problems(node.attributes, node.is_project):
        bad(rule, "attributes", message)
    return problems


def nodes_pass(nodes: Sequence[Node]) -> bool:
    """Would ``check_node`` find nothing in any of ``nodes``? A whole set at once (an
    import's 100,000s): one search for control characters over all their texts, and the
    other rules as plain tests, without building a message. False says only "ask
    ``check_node``", which then names each problem.

    >>> from .kinds import NodeKind
    >>> nodes_pass([Node("g", NodeKind.NATIONAL_GOAL, NATIONAL, "Goal")])
    True
    >>> nodes_pass([Node("g", NodeKind.NATIONAL_GOAL, NATIONAL, "Bad\x1b")])
    False
    """
    ids = "\n".join(map(_ID, nodes))  # every id of ID_PATTERN's form, in one pass:
    if nodes and (ids.count("\n") != len(nodes) - 1 or not _IDS.fullmatch(ids)):
        return False  # a line break of an id's own would split it in two
    texts: list[str] = []
    add, many = texts.append, texts.extend
    today = date.today()
    for node in nodes:
        title, tags, attributes = node.title, node.tags, node.attributes
        if (
            not title.strip()
            or len(title) > TITLE_MAX
            or len(node.description) > DESCRIPTION_MAX
            or (node.kind is NodeKind.NATIONAL_GOAL) != (node.region == NATIONAL)
            or node.version < 1
            or (node.decision_date is not None and node.decision_date > today)
        ):
            return False
        add(title)
        add(node.description)
        for value in (node.approved_by, node.decision_ref, node.source):
            if value is not None:
                if len(value) > TEXT_MAX:
                    return False
                add(value)
        if node.kind is NodeKind.STRATEGIC_PROJECT:
            for value in (node.owner, node.phase):
                if value is not None:
                    if len(value) > TEXT_MAX:
                        return False
                    add(value)
            progress, start, due = node.progress, node.start_date, node.due_date
            if progress is not None and not 0 <= progress <= 100:
                return False
            if start and due and due < start:
                return False
        elif _PROJECT_VALUES(node) != _NO_PROJECT:
            return False
        if tags:
            if len(tags) > TAGS_MAX or any(not t.strip() or len(t) > TAG_MAX for t in tags):
                return False
            many(tags)
        if attributes:
            if attribute_problems(attributes, node.is_project):
                return False
            many(attributes)
            many(attributes.values())
    # Tab and line breaks are text: joined by one, the texts hold a control character
    # (or a lone surrogate) exactly when one of them does.
    return _NOT_TEXT.search("\n".join(texts)) is None


_ID = attrgetter("id")
_IDS = re.compile(f"{ID_PATTERN.pattern}(?:\n{ID_PATTERN.pattern})*")
"""Ids joined by line breaks, every one of ``ID_PATTERN``'s form."""
_PROJECT_VALUES = attrgetter(*PROJECT_FIELDS)
_NO_PROJECT = (None,) * len(PROJECT_FIELDS)


def check_edge(
    edge: Edge, source: Node, target: Node, metamodel: Metamodel, where: str | None = None
) -> list[Problem]:
    """Self-loops and metamodel triples (cycles need the graph: the store checks them)."""
    if edge.note:
        problems = check_text(edge.note, f"edge {_show(edge)}", "note", where)
        if problems:
            return problems
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

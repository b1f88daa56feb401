"""The applier's steps for suspect links and comments (see ``apply.Applier``).

Suspect links: when an update changes the title or description of an APPROVED node, every
edge whose target is that node is marked suspect in the same commit (one ``suspect_link``
event each); ``ReviewEdge`` clears the mark (``review_link``). Comments: ``AddComment``
and ``EditComment`` (its author only, at the expected version), one event each, whose
target is the commented node and ``related`` the comment id.
"""

from __future__ import annotations

import dataclasses
from typing import TYPE_CHECKING

from ..domain import Comment, Edge, Forbidden, Node, NotFound, ValidationError, VersionConflict
from ..domain.changes import AddComment, EditComment, ReviewEdge
from ..domain.operations import EventOperation
from ..domain.states import comment_state, edge_state
from ..domain.validation import check_text
from ..domain.workflow import makes_links_suspect

if TYPE_CHECKING:
    from .apply import Applier

__all__ = [
    "COMMENT_MAX",
    "add_comment",
    "edit_comment",
    "mark_suspect",
    "review_edge",
]

COMMENT_MAX = 10_000
"""Longest comment text, in characters."""


def mark_suspect(applier: Applier, old: Node, new: Node) -> None:
    """After ``old`` became ``new``: mark the edges under it suspect if the rule says so."""
    if not makes_links_suspect(old, new):
        return
    view = applier.view
    sources = [*view.children(new.id), *view.dependants(new.id)]
    for source in sorted(sources):
        edge = view.edge(source, new.id)
        if edge is None:
            continue
        flagged = dataclasses.replace(edge, suspect_at=applier.now, suspect_by=applier.actor)
        _put_edge(applier, edge, flagged, EventOperation.SUSPECT_LINK)


def review_edge(applier: Applier, op: ReviewEdge) -> None:
    edge = applier.view.edge(op.source, op.target)
    if edge is None or edge.relation is not op.relation:
        raise NotFound("edge", f"{op.source} -{op.relation.value}-> {op.target}")
    if not edge.suspect:
        raise ValidationError.one(
            "not-suspect",
            f"edge {op.source} -{op.relation.value}-> {op.target} is not suspect; "
            "there is nothing to review",
            "target",
            op.where,
        )
    _put_edge(
        applier,
        edge,
        dataclasses.replace(edge, suspect_at=None, suspect_by=None),
        EventOperation.REVIEW_LINK,
    )


def _put_edge(applier: Applier, old: Edge, new: Edge, operation: EventOperation) -> None:
    view = applier.view
    view.add_edge(new)  # replaces the attributes in place: the edge keeps its position
    applier.undo_steps.append(lambda: view.add_edge(old))
    applier.touch("edges", f"{new.source}\x00{new.target}")
    region = view.nodes[new.source].region
    applier.event(operation, new.source, region, edge_state(old), edge_state(new), new.target)
    applier.result.flagged_edges.append(new)


def _check_text(text: str, where: str | None) -> None:
    if not text.strip():
        raise ValidationError.one("comment-text", "a comment needs some text", "text", where)
    if len(text) > COMMENT_MAX:
        raise ValidationError.one(
            "comment-text",
            f"a comment may be at most {COMMENT_MAX} characters, not {len(text)}",
            "text",
            where,
        )
    problems = check_text(text, "a comment", "text", where)
    if problems:
        raise ValidationError(problems)


def add_comment(applier: Applier, op: AddComment) -> None:
    comment = op.comment
    node = applier.view.nodes.get(comment.node_id)
    if node is None:
        raise NotFound("node", comment.node_id)
    _check_text(comment.text, op.where)
    comments = applier.store.comment_map
    if comment.id in comments:
        raise ValidationError.one(
            "duplicate-id", f"comment id '{comment.id}' is already used", "id", op.where
        )
    comments[comment.id] = comment
    applier.undo_steps.append(lambda: _drop(comments, comment.id))
    applier.touch("comments", comment.id)
    applier.event(
        EventOperation.ADD_COMMENT, node.id, node.region, None, comment_state(comment), comment.id
    )
    applier.result.comments.append(comment)


def edit_comment(applier: Applier, op: EditComment) -> None:
    comments = applier.store.comment_map
    old = comments.get(op.comment_id)
    if old is None:
        raise NotFound("comment", op.comment_id)
    if old.author != applier.actor:
        raise Forbidden(
            f"forbidden: comment '{old.id}' was written by {old.author}; only its author "
            "may edit it"
        )
    if op.expected_version is not None and op.expected_version != old.version:
        raise VersionConflict(old.id, op.expected_version, old.version, old.author, "comment")
    _check_text(op.text, op.where)
    new: Comment = dataclasses.replace(
        old, text=op.text, version=old.version + 1, edited_at=applier.now
    )
    comments[new.id] = new
    applier.undo_steps.append(lambda: comments.__setitem__(old.id, old))
    applier.touch("comments", new.id)
    node = applier.view.nodes.get(new.node_id)
    region = node.region if node is not None else None
    applier.event(
        EventOperation.EDIT_COMMENT,
        new.node_id,
        region,
        comment_state(old),
        comment_state(new),
        new.id,
    )
    applier.result.comments.append(new)


def _drop(comments: dict[str, Comment], comment_id: str) -> None:
    comments.pop(comment_id, None)

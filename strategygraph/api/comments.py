"""Comment threads as GraphQL: a node's ``comments`` field and the comment mutations."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import datetime

import strawberry
from strawberry.types import Info

from ..domain import Comment as DomainComment
from .context import Context

__all__ = [
    "AddCommentInput",
    "CommentMutation",
    "CommentPayload",
    "CommentThread",
    "CommentType",
    "EditCommentInput",
    "comment_thread",
    "comment_type",
]

Ctx = Info[Context, None]


@strawberry.type(name="Comment", description="One entry of a node's discussion thread.")
class CommentType:
    id: strawberry.ID
    node_id: strawberry.ID
    author: str
    at: datetime = strawberry.field(description="When it was written (UTC).")
    text: str
    version: int = strawberry.field(description="Give it back as `expectedVersion` to edit.")
    edited_at: datetime | None = strawberry.field(description="When its text last changed.")


def comment_type(c: DomainComment) -> CommentType:
    return CommentType(
        id=strawberry.ID(c.id),
        node_id=strawberry.ID(c.node_id),
        author=c.author,
        at=c.at,
        text=c.text,
        version=c.version,
        edited_at=c.edited_at,
    )


@strawberry.type(description="A node's comments, oldest first.")
class CommentThread:
    count: int
    items: list[CommentType]


def comment_thread(comments: list[DomainComment]) -> CommentThread:
    return CommentThread(count=len(comments), items=[comment_type(c) for c in comments])


@strawberry.input
class AddCommentInput:
    node_id: strawberry.ID
    text: str


@strawberry.input(description="Replace the text of your own comment at `expectedVersion`.")
class EditCommentInput:
    id: strawberry.ID
    text: str
    expected_version: int | None = None


@strawberry.type
class CommentPayload:
    comment: CommentType


@strawberry.type
class CommentMutation:
    @strawberry.mutation(description="Add a comment to a node's thread, as the caller.")
    def add_comment(self, info: Ctx, input: AddCommentInput) -> CommentPayload:
        ctx = info.context
        comment = ctx.service.add_comment(input.node_id, input.text, ctx.actor)
        return CommentPayload(comment=comment_type(comment))

    @strawberry.mutation(description="Edit the text of a comment (its author only).")
    def edit_comment(self, info: Ctx, input: EditCommentInput) -> CommentPayload:
        ctx = info.context
        comment = ctx.service.edit_comment(input.id, input.text, input.expected_version, ctx.actor)
        return CommentPayload(comment=comment_type(comment))

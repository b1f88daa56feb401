"""Comment threads as GraphQL: a node's ``comments`` field and the comment mutations."""
# mypy: disable-error-code="untyped-decorator"
# (Strawberry types its decorators with arguments as Any unless its mypy plugin runs.)

from __future__ import annotations

from datetime import datetime
from typing import Annotated

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
    id: strawberry.ID = strawberry.field(description="The comment's stable id.")
    node_id: strawberry.ID = strawberry.field(description="The node the comment is on.")
    author: str = strawberry.field(description="Who wrote it (a user name).")
    at: datetime = strawberry.field(description="When it was written (UTC).")
    text: str = strawberry.field(description="The comment's text, as last edited.")
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
    count: int = strawberry.field(description="How many comments the node has.")
    items: list[CommentType] = strawberry.field(description="The comments, oldest first.")


def comment_thread(comments: list[DomainComment]) -> CommentThread:
    return CommentThread(count=len(comments), items=[comment_type(c) for c in comments])


@strawberry.input(description="A comment to add to a node's discussion thread.")
class AddCommentInput:
    node_id: strawberry.ID = strawberry.field(description="The node to comment on.")
    text: str = strawberry.field(description="The comment's text.")


@strawberry.input(description="Replace the text of your own comment at `expectedVersion`.")
class EditCommentInput:
    id: strawberry.ID = strawberry.field(description="The comment to edit (your own).")
    text: str = strawberry.field(description="The new text.")
    expected_version: int | None = strawberry.field(
        default=None,
        description=("The version you read; a stale one is refused with VERSION_CONFLICT."),
    )


@strawberry.type(description="The comment as stored after the mutation.")
class CommentPayload:
    comment: CommentType = strawberry.field(description="The comment as stored.")


@strawberry.type
class CommentMutation:
    @strawberry.mutation(description="Add a comment to a node's thread, as the caller.")
    def add_comment(
        self,
        info: Ctx,
        input: Annotated[
            AddCommentInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> CommentPayload:
        ctx = info.context
        comment = ctx.service.add_comment(input.node_id, input.text, ctx.actor)
        return CommentPayload(comment=comment_type(comment))

    @strawberry.mutation(description="Edit the text of a comment (its author only).")
    def edit_comment(
        self,
        info: Ctx,
        input: Annotated[
            EditCommentInput, strawberry.argument(description="What to do; see the input type.")
        ],
    ) -> CommentPayload:
        ctx = info.context
        comment = ctx.service.edit_comment(input.id, input.text, input.expected_version, ctx.actor)
        return CommentPayload(comment=comment_type(comment))

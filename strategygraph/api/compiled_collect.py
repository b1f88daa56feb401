"""Field collection for compiled operations: which fields a selection set selects on one
object type, fragments merged.

``FieldCollector`` is the compiler's base (``compiled._Compiler``): it holds the operation
being compiled and does what graphql-core's ``collect_fields`` does, without directives —
a directive, a fragment with directives or variables, or an unknown selection raises
``NotCompiled`` and the document goes the normal way. It is its own module because it
only reads the document; what each collected field becomes (a step, a completion) is
``compiled.py``'s.
"""

from __future__ import annotations

from typing import Any

from graphql import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    GraphQLInterfaceType,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLUnionType,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
)
from graphql.utilities import type_from_ast

__all__ = ["FieldCollector", "NotCompiled"]


class NotCompiled(Exception):
    """The operation has a shape the compiler does not handle."""


class FieldCollector:
    """The operation being compiled, and the fields its selection sets select."""

    def __init__(
        self,
        schema: GraphQLSchema,
        operation: OperationDefinitionNode,
        fragments: dict[str, FragmentDefinitionNode],
    ) -> None:
        self.schema = schema
        self.operation = operation
        self.fragments = fragments

    def collect(
        self, kind: GraphQLObjectType, selections: list[SelectionSetNode | None]
    ) -> dict[str, list[FieldNode]]:
        """The fields ``selections`` select on ``kind``, by response key, fragments
        merged in document order (graphql-core's field collection, without directives)."""
        found: dict[str, list[FieldNode]] = {}
        visited: set[str] = set()
        for selection in selections:
            self._collect(kind, selection, found, visited)
        return found

    def _collect(
        self,
        kind: GraphQLObjectType,
        selection: SelectionSetNode | None,
        found: dict[str, list[FieldNode]],
        visited: set[str],
    ) -> None:
        if selection is None:
            return
        for node in selection.selections:
            if node.directives:
                raise NotCompiled("a directive")
            if isinstance(node, FieldNode):
                key = node.alias.value if node.alias else node.name.value
                found.setdefault(key, []).append(node)
            elif isinstance(node, InlineFragmentNode):
                if self._applies(node.type_condition, kind):
                    self._collect(kind, node.selection_set, found, visited)
            elif isinstance(node, FragmentSpreadNode):
                name = node.name.value
                fragment = self.fragments.get(name)
                if fragment is None or fragment.directives or fragment.variable_definitions:
                    raise NotCompiled("a fragment with directives or variables")
                if name in visited:
                    continue
                visited.add(name)
                if self._applies(fragment.type_condition, kind):
                    self._collect(kind, fragment.selection_set, found, visited)
            else:
                raise NotCompiled("an unknown selection")

    def _applies(self, condition: Any, kind: GraphQLObjectType) -> bool:
        if condition is None:
            return True
        named = type_from_ast(self.schema, condition)
        if named is kind:
            return True
        if isinstance(named, (GraphQLInterfaceType, GraphQLUnionType)):
            return self.schema.is_sub_type(named, kind)
        return False

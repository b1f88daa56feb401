"""What a write means, on every adapter: an update to the same values writes nothing;
text carries no control characters; tags are unique and bounded; a node sent back to
DRAFT is approved by no one; ``setStatus`` records what it is given or refuses it."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from strategygraph.domain import Status, ValidationError, VersionConflict
from strategygraph.domain.changes import CommitResult
from strategygraph.domain.validation import TAGS_MAX
from strategygraph.service import StrategyService


def problems(exc: pytest.ExceptionInfo[ValidationError]) -> list[tuple[str, str | None, str]]:
    return [(p.rule, p.field, p.message) for p in exc.value.problems]


def heard(service: StrategyService) -> list[CommitResult]:
    """Every commit the service's listeners are told about (the live feed is one)."""
    commits: list[CommitResult] = []
    service.listeners.append(lambda result, actor: commits.append(result))
    return commits


def test_an_update_to_the_same_values_writes_nothing(loaded: StrategyService) -> None:
    store = loaded.store
    before, version = store.get_node("proj"), store.version()
    events = len(store.events(limit=1000))
    commits = heard(loaded)
    same = {"title": before.title, "health": "RED", "progress": 40, "tags": []}
    node = loaded.update_node("proj", same, before.version, "alice")
    assert node == before  # the version, the stamps and every field as they were
    assert (store.get_node("proj"), store.version(), len(store.events(limit=1000))) == (
        before,
        version,
        events,
    )
    assert commits == []  # nobody is notified
    changed = loaded.update_node("proj", {"title": "Uusi"}, before.version, "alice")
    assert (changed.version, store.version(), len(commits)) == (2, version + 1, 1)


def test_a_stale_version_is_refused_even_when_nothing_would_change(
    loaded: StrategyService,
) -> None:
    loaded.update_node("proj", {"title": "Uusi"}, 1, "alice")
    with pytest.raises(VersionConflict) as info:
        loaded.update_node("proj", {"title": "Uusi"}, 1, "bob")
    assert (info.value.expected, info.value.current) == (1, 2)


@pytest.mark.parametrize(
    ("field", "text", "rule", "message"),
    [
        (
            "title",
            "Hanke\x1b[31m",
            "control-character",
            "node 'proj': title contains the control character U+001B at position 6; "
            "only tab and line breaks are allowed",
        ),
        (
            "description",
            "a\x00b",
            "control-character",
            "node 'proj': description contains the control character U+0000 at position 2; "
            "only tab and line breaks are allowed",
        ),
        (
            "owner",
            "x\ud800",
            "lone-surrogate",
            "node 'proj': owner contains a lone surrogate U+D800 at position 2, which is not text",
        ),
        (
            "tags",
            ["ok", "b\x07"],
            "control-character",
            "node 'proj': tags contains the control character U+0007 at position 2; "
            "only tab and line breaks are allowed",
        ),
    ],
)
def test_text_refuses_control_characters_and_lone_surrogates(
    loaded: StrategyService, field: str, text: Any, rule: str, message: str
) -> None:
    with pytest.raises(ValidationError) as info:
        loaded.update_node("proj", {field: text}, None, "alice")
    assert problems(info) == [(rule, field, message)]
    with pytest.raises(ValidationError) as info:
        loaded.create_node(
            {"id": "new", "kind": "STRATEGIC_PROJECT", "region": "r1", "title": "T", field: text}
            if field != "title"
            else {"id": "new", "kind": "STRATEGIC_PROJECT", "region": "r1", "title": text},
            "alice",
        )
    assert problems(info) == [(rule, field, message.replace("'proj'", "'new'"))]
    assert loaded.store.get_node("proj").version == 1


def test_tab_and_line_breaks_are_text(loaded: StrategyService) -> None:
    node = loaded.update_node("proj", {"description": "a\tb\nc\r\nd"}, 1, "alice")
    assert node.description == "a\tb\nc\r\nd"


def test_names_notes_and_comments_refuse_control_characters(loaded: StrategyService) -> None:
    with pytest.raises(ValidationError) as info:
        loaded.add_comment("proj", "hei\x1b]0;title\x07", "alice")
    assert problems(info) == [
        (
            "control-character",
            "text",
            "a comment: text contains the control character U+001B at position 4; "
            "only tab and line breaks are allowed",
        )
    ]
    with pytest.raises(ValidationError) as info:
        loaded.import_document(
            {
                "format": "strategygraph",
                "format_version": 1,
                "regions": [{"id": "r2", "name": "Alue\x0c"}],
                "nodes": [],
                "edges": [],
            },
            "alice",
        )
    assert problems(info) == [
        (
            "control-character",
            "name",
            "region 'r2': name contains the control character U+000C at "
            "position 5; only tab and line breaks are allowed",
        )
    ]


def test_tags_are_kept_once_and_bounded(loaded: StrategyService) -> None:
    node = loaded.update_node("proj", {"tags": ["a", "b", "a", "b", "c"]}, 1, "alice")
    assert node.tags == ("a", "b", "c")
    created = loaded.create_node(
        {"id": "new", "kind": "CHALLENGE", "region": "r1", "title": "T", "tags": ["x", "x"]},
        "alice",
    )
    assert created.tags == ("x",)
    many = [f"t{i}" for i in range(TAGS_MAX + 1)]
    with pytest.raises(ValidationError) as info:
        loaded.update_node("proj", {"tags": many}, 2, "alice")
    assert problems(info) == [("tag-count", "tags", "node 'proj': 51 tags, at most 50")]
    assert loaded.update_node("proj", {"tags": many[:TAGS_MAX] * 2}, 2, "alice").tags == tuple(
        many[:TAGS_MAX]
    )


def approve(service: StrategyService, node_id: str) -> None:
    service.set_status(node_id, Status.PROPOSED, "alice")
    service.set_status(
        node_id,
        Status.APPROVED,
        "alice",
        approved_by="VATE",
        decision_date=date(2018, 3, 1),
        decision_ref="VATE 1.3.2018 § 4",
    )


def test_back_to_draft_clears_the_approval(loaded: StrategyService) -> None:
    approve(loaded, "ch")
    loaded.set_status("ch", Status.PROPOSED, "alice")
    proposed = loaded.store.get_node("ch")
    assert (proposed.approved_by, proposed.decision_date) == ("VATE", date(2018, 3, 1))
    draft = loaded.set_status("ch", Status.DRAFT, "alice")
    assert (draft.status, draft.approved_by, draft.decision_date, draft.decision_ref) == (
        Status.DRAFT,
        None,
        None,
        None,
    )
    approve(loaded, "ch-open")
    loaded.set_status("ch-open", Status.RETIRED, "alice")
    again = loaded.set_status("ch-open", Status.DRAFT, "alice")
    assert (again.approved_by, again.decision_date, again.decision_ref) == (None, None, None)


def test_set_status_records_what_it_is_given_or_refuses_it(loaded: StrategyService) -> None:
    proposed = loaded.set_status(
        "ch", Status.PROPOSED, "alice", approved_by="VATE", decision_ref="esitys 12/2018"
    )
    assert (proposed.status, proposed.approved_by, proposed.decision_ref) == (
        Status.PROPOSED,
        "VATE",
        "esitys 12/2018",
    )
    again = loaded.set_status("ch", Status.DRAFT, "alice")
    kept = loaded.set_status("ch", Status.PROPOSED, "alice")  # nothing given: nothing recorded
    assert (again.approved_by, kept.approved_by, kept.version) == (None, None, again.version + 1)
    with pytest.raises(ValidationError) as info:
        loaded.set_status("ch", Status.DRAFT, "alice", approved_by="VATE")
    assert problems(info) == [
        (
            "approval-fields",
            "approved_by",
            "node 'ch': approved_by cannot be given for DRAFT; a draft is approved by no one",
        )
    ]
    assert loaded.store.get_node("ch").status is Status.PROPOSED

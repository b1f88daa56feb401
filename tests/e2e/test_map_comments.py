"""The comment thread in the map page's details panel, in a real headless Chromium: the
count and the entries (author, text as text) for a signed-in viewer of the region."""

from __future__ import annotations

from strategygraph.domain.access import Role
from tests.api.conftest import Served
from tests.e2e.page import MapPage

PROJECT = "kym-proj-digital-roadmap"
HOSTILE = '<img src=x onerror="document.title=1"> Onko rahoitus varmistettu?'


def test_the_details_panel_shows_the_comment_count_and_thread(page: MapPage, site: Served) -> None:
    site.service.add_comment(PROJECT, HOSTILE, "alice")
    site.service.add_comment(PROJECT, "On, VATE 1.3.2018.", "bob")
    token = site.token("kaisa", [(Role.VIEWER, "kymenlaakso"), (Role.VIEWER, "national")])
    page.open(f"#node={PROJECT}", token=token)
    page.wait(lambda: page.text("comment-count") == "2", "the comment count")
    entries = page.js(
        """return [...document.querySelectorAll('#comments > li')].map((li) =>
             [...li.querySelectorAll(':scope > span')].map((span) => span.textContent));"""
    )
    assert [(meta.split(" · ")[0], text) for meta, text in entries] == [
        ("alice", HOSTILE),
        ("bob", "On, VATE 1.3.2018."),
    ]
    assert page.js("return document.querySelectorAll('#comments img').length;") == 0
    assert page.console_errors() == []

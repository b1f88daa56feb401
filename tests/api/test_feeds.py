"""The plain feeds ``/export/{region}.{format}`` over a served app and a real HTTP
client: sign-in (header or ``?token=``), what each reader sees, ETag and 304, ``since``
deltas, every format, and the OpenAPI document of the routes."""

from __future__ import annotations

import csv
import io
from typing import Any

import httpx
from openapi_spec_validator import validate
from openpyxl import load_workbook

from strategygraph.domain import Relation
from strategygraph.domain.access import Role
from tests.api.conftest import LOADER, Served, bearer
from tests.clients import HTTP


def get(served: Served, path: str, token: str | None = None, **headers: str) -> httpx.Response:
    return HTTP.get(served.base + path, headers={**bearer(token), **headers}, timeout=10)


def node_ids(answer: httpx.Response) -> list[str]:
    return sorted(n["id"] for n in answer.json()["nodes"])


def test_a_viewer_sees_only_what_it_may_read(served: Served) -> None:
    admin = served.token("admin-user")
    outsider = served.token("pohjoinen-viewer", [(Role.VIEWER, "pohjoinen")])
    everything = get(served, "/export/etela.json", admin)
    assert everything.status_code == 200
    assert everything.headers["content-type"] == "application/json"
    assert "proj-a" in node_ids(everything) and "proj-lonely" not in node_ids(everything)
    limited = get(served, "/export/etela.json", outsider)
    assert node_ids(limited) == ["ng-equal"]  # only the APPROVED goal is public
    assert limited.json()["edges"] == []
    assert limited.headers["etag"] != everything.headers["etag"]


def test_a_token_in_the_query_and_refusals(served: Served) -> None:
    token = served.token("excel", [(Role.VIEWER, "etela")])
    by_query = get(served, f"/export/etela.json?token={token}")
    assert by_query.status_code == 200 and "proj-a" in node_ids(by_query)
    nobody = get(served, "/export/etela.json")
    assert nobody.status_code == 401
    assert nobody.json()["error"]["code"] == "UNAUTHENTICATED"
    bad = get(served, "/export/etela.json?token=sg_not-a-token")
    assert bad.status_code == 401 and "proj-a" not in bad.text
    assert get(served, "/export/etela.json", "sg_nope").status_code == 401
    missing = get(served, "/export/nowhere.json", token)
    assert missing.status_code == 404
    assert missing.json()["error"]["message"].startswith("region 'nowhere' does not exist")
    unknown = get(served, "/export/etela.pdf", token)
    assert unknown.status_code == 404 and "feed format 'pdf'" in unknown.json()["error"]["message"]
    since = get(served, "/export/etela.json?since=soon", token)
    assert since.status_code == 400
    assert since.json()["error"]["message"] == (
        "since must be a graph version (a whole number), not 'soon'"
    )


def test_etag_and_not_modified(served: Served) -> None:
    token = served.token("pq", [(Role.VIEWER, "etela")])
    first = get(served, "/export/etela.csv", token)
    tag = first.headers["etag"]
    assert first.status_code == 200 and tag.startswith('W/"')
    again = get(served, "/export/etela.csv", token, **{"If-None-Match": tag})
    assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == tag
    strong = get(served, "/export/etela.csv", token, **{"If-None-Match": tag.removeprefix("W/")})
    assert strong.status_code == 304  # compared weakly
    other_format = get(served, "/export/etela.json", token, **{"If-None-Match": tag})
    assert other_format.status_code == 200
    served.service.update_node("proj-a", {"progress": 70}, None, LOADER)
    changed = get(served, "/export/etela.csv", token, **{"If-None-Match": tag})
    assert changed.status_code == 200 and changed.headers["etag"] != tag
    assert int(changed.headers["x-graph-version"]) == served.store.version()


def test_since_gives_what_changed_and_what_was_removed(served: Served) -> None:
    token = served.token("etl", [(Role.VIEWER, "etela")])
    start = served.store.version()
    service = served.service
    service.update_node("proj-a", {"progress": 90}, None, LOADER)
    service.unlink("proj-b", Relation.DEPENDS_ON, "proj-a", LOADER)
    service.delete_node("proj-skip", LOADER, cascade=True)
    service.update_node("proj-lonely", {"progress": 5}, None, LOADER)  # another region
    delta = get(served, f"/export/etela.json?since={start}", token).json()
    assert delta["since_version"] == start and delta["graph_version"] == served.store.version()
    assert [(n["id"], n["progress"]) for n in delta["nodes"]] == [("proj-a", 90)]
    assert delta["edges"] == []
    assert delta["removed"] == {
        "nodes": ["proj-skip"],
        "edges": [
            {"source": "proj-b", "relation": "DEPENDS_ON", "target": "proj-a"},
            {"source": "proj-skip", "relation": "SUPPORTS", "target": "line"},
        ],
    }
    outsider = served.token("outsider", [(Role.VIEWER, "pohjoinen")])
    theirs = get(served, f"/export/etela.json?since={start}", outsider).json()
    assert theirs["nodes"] == []  # proj-a is a draft of etela: not theirs to see
    assert theirs["removed"] == {"nodes": [], "edges": []}  # nor that drafts went away
    now = served.store.version()
    assert get(served, f"/export/etela.json?since={now}", token).json()["nodes"] == []
    late = get(served, f"/export/etela.json?since={now + 1}", token)
    assert late.status_code == 400
    assert late.json()["error"]["message"] == (
        f"since must be a graph version from 0 to {now} (the current one), not {now + 1}"
    )


def rows(answer: httpx.Response, delimiter: str = ",") -> list[dict[str, Any]]:
    text = answer.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text), delimiter=delimiter))


def test_every_format(served: Served) -> None:
    token = served.token("kumu", [(Role.VIEWER, "etela")])
    nodes = get(served, "/export/etela.csv", token)
    assert nodes.headers["content-type"] == "text/csv; charset=utf-8"
    assert "proj-a" in [r["id"] for r in rows(nodes)]
    edges = get(served, "/export/etela/edges.csv", token)
    assert ("proj-a", "ch") in [(r["source"], r["target"]) for r in rows(edges)]
    finnish = get(served, "/export/etela.csv?dialect=fi", token)
    proj = next(r for r in rows(finnish, ";") if r["id"] == "proj-a")
    assert (proj["start_date"], proj["progress"]) == ("1.4.2018", "20 %")
    assert proj["health"] == "keltainen"
    book = get(served, "/export/etela.xlsx", token)
    assert book.headers["content-type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(book.content))["nodes"]
    assert "proj-a" in [c.value for c in sheet["A"]]
    graphml = get(served, "/export/etela.graphml", token)
    assert graphml.headers["content-type"] == "application/graphml+xml"
    assert b'id="proj-a"' in graphml.content
    archimate = get(served, "/export/etela.archimate", token)
    assert archimate.headers["content-type"] == "application/xml"
    assert b"opengroup.org/xsd/archimate" in archimate.content


def test_the_openapi_document_is_valid_and_lists_the_routes(served: Served) -> None:
    answer = HTTP.get(served.base + "/openapi.json", timeout=10)
    document = answer.json()
    validate(document)  # raises unless it is a valid OpenAPI 3.1 document
    assert sorted(document["paths"]) == ["/export/{region}.{format}", "/export/{region}/edges.csv"]
    enum = document["paths"]["/export/{region}.{format}"]["get"]["parameters"][1]["schema"]
    assert enum["enum"] == ["archimate", "csv", "graphml", "json", "xlsx"]
    token = served.token("pq", [(Role.VIEWER, "etela")])
    for fmt in enum["enum"]:  # every format it lists is served
        assert get(served, f"/export/etela.{fmt}", token).status_code == 200

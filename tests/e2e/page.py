"""The map page as the tests see it: what a user does (pick, tick, click, press keys) and
what the page shows (the SVG in its ``<object>``, the details panel, the console)."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

from selenium import webdriver
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.actions.action_builder import ActionBuilder
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.remote.webelement import WebElement
from selenium.webdriver.support.ui import Select, WebDriverWait

WAIT = 30
"""Upper bound for the page to settle (drawing with dot on a busy machine); not a timing."""

_MAP_READY = """
const o = document.getElementById("map");
const doc = o.contentDocument, root = doc && doc.documentElement;
const status = document.getElementById("status").textContent;
return Boolean(o.data && root && doc.URL === o.data && status && !status.endsWith("…")
               && (root.localName === "svg" || status.length));
"""


class MapPage:
    def __init__(
        self, driver: webdriver.Chrome, base: str, token: str, tmp_path: Path, output: Path
    ) -> None:
        self.driver = driver
        self.base = base
        self.token = token
        self.tmp_path = tmp_path
        self.output = output

    # -- doing -------------------------------------------------------------------------
    def open(
        self, fragment: str = "", size: tuple[int, int] = (1920, 1080), token: str | None = None
    ) -> None:
        """Open the page at ``size`` and sign in with ``token`` (the page's own token)."""
        width, height = size
        self.driver.execute_cdp_cmd(
            "Emulation.setDeviceMetricsOverride",
            {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
        )
        self.driver.get(f"{self.base}/{fragment}")
        self.sign_in(token or self.token)
        self.wait_for_map()

    def sign_in(self, token: str) -> None:
        box = self.wait(
            lambda: self.element("token").is_displayed() and self.element("token"),
            "the sign-in box",
        )
        box.send_keys(token, Keys.ENTER)

    def wait(self, check: Any, what: str) -> Any:
        return WebDriverWait(self.driver, WAIT).until(lambda d: check(), message=what)

    def wait_for_map(self) -> None:
        self.wait(lambda: self.js(_MAP_READY), "the map to load")

    def element(self, id: str) -> WebElement:
        return self.driver.find_element("id", id)

    def select(self, id: str, value: str) -> None:
        Select(self.element(id)).select_by_value(value)

    def toggle(self, css: str) -> None:
        """Click a filter box the way a user does, then wait for the new map."""
        self.driver.find_element("css selector", css).click()
        self.wait_for_map()

    def click_node(self, node_id: str) -> None:
        """A real mouse click in the middle of the node's shape in the drawn map."""
        x, y = self.js(
            """const o = document.getElementById("map");
            const g = o.contentDocument.getElementById(arguments[0]);
            g.scrollIntoView({block: "center", inline: "center"});
            const r = g.querySelector("path, polygon").getBoundingClientRect();
            const b = o.getBoundingClientRect();
            return [b.left + r.left + r.width / 2, b.top + r.top + r.height / 2];""",
            node_id,
        )
        actions = ActionBuilder(self.driver)
        actions.pointer_action.move_to_location(round(x), round(y)).click()
        actions.perform()

    def press(self, *keys: str) -> None:
        ActionChains(self.driver).send_keys(*keys).perform()

    def screenshot(self, name: str) -> Path:
        """Save under the test's tmp_path and copy to ``test-output/``; returns the first."""
        path = self.tmp_path / name
        assert self.driver.save_screenshot(str(path)), path
        self.output.mkdir(exist_ok=True)
        shutil.copyfile(path, self.output / name)
        print(f"screenshot: {path} (copy in {self.output / name})")
        return path

    # -- seeing ------------------------------------------------------------------------
    def js(self, script: str, *args: Any) -> Any:
        return self.driver.execute_script(script, *args)

    def svg(self, script: str, *args: Any) -> Any:
        """Run ``script`` with ``svg``, the drawn map's root element."""
        return self.js(
            "const svg = document.getElementById('map').contentDocument.documentElement;\n"
            + script,
            *args,
        )

    def map_nodes(self, kind: str | None = None) -> set[str]:
        """Ids of the strategy's nodes drawn (of one ``kind``); layer labels are no nodes."""
        css = f"g.node.kind-{kind}" if kind else "g.node[class*='kind-']"
        return set(self.svg(f'return [...svg.querySelectorAll("{css}")].map((g) => g.id);'))

    def node_label(self, node_id: str) -> str:
        """The text drawn in a node, lines joined, without spaces or the word joiners the
        maps put into ``javascript:`` (wrapping splits a title at any space)."""
        text = self.svg(
            """return [...svg.getElementById(arguments[0]).querySelectorAll('text')]
                 .map((t) => t.textContent).join('');""",
            node_id,
        )
        return "".join(str(text).split()).replace("\u2060", "")

    def map_url(self) -> str:
        """Where the map shown came from (the page shows it from a blob of that answer)."""
        return str(self.js("return document.getElementById('map').dataset.src;"))

    def text(self, id: str) -> str:
        return str(self.js("return document.getElementById(arguments[0]).textContent;", id))

    def facts(self) -> dict[str, str]:
        pairs = self.js(
            """return [...document.querySelectorAll('#facts dt')]
                 .map((dt) => [dt.textContent, dt.nextElementSibling.textContent]);"""
        )
        return dict(pairs)

    def trace(self) -> list[list[str]]:
        """The 'why it exists' paths as shown: each a list of titles, nearest first (the
        tree's branches from its root to each leaf)."""
        return list(
            self.js(
                """const paths = [];
                const walk = (ul, above) => {
                  for (const li of ul.children) {
                    const path = [...above, li.querySelector(':scope > a').textContent];
                    const sub = li.querySelector(':scope > ul');
                    if (sub) walk(sub, path); else paths.push(path);
                  }
                };
                const tree = document.querySelector('#trace > ul.tree');
                if (tree) walk(tree, []);
                return paths;"""
            )
        )

    def shows_node(self, title: str) -> None:
        self.wait(lambda: self.text("title") == title, f"the details of {title!r}")

    def console_errors(self) -> list[dict[str, Any]]:
        return [e for e in self.driver.get_log("browser") if e["level"] == "SEVERE"]

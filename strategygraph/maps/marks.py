"""The situational picture's badges on the strategy maps: a risk badge on a node that open
risks threaten (how many, and the highest score), and a trend badge per indicator of the
node (which way its last two readings went, and the health of the latest).

Read as the map's reader: a store seen through ``visible_store`` carries its principal,
so only risks that principal may read are counted; the shared store is read as the local
operator. A store that keeps no situational picture gives no badges.

>>> from ..glossary import glossary
>>> Badge.risks(glossary("fi"), count=2, score=16).text
'⚠ 2 riskiä, 16'

The one-page map, sized for A3, draws them short on one line (``Marks.short``):
"⚠ 2 · 16  ↗ vihreä", its legend naming what the numbers and arrows are.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..domain import Health, StoreUnavailable
from ..domain.access import Principal
from ..domain.situation import Trend, reading_health, reading_trend
from ..glossary import Glossary
from ..service.situation_read import Situation
from ..store import GraphStore
from .style import HEALTH_BORDER, MUTED, RISK_COLOUR, RISK_SIGN

__all__ = ["Badge", "Marks", "situation_marks"]

TREND_COLOUR: dict[Trend | None, str] = {
    Trend.BETTER: HEALTH_BORDER[Health.GREEN],
    Trend.WORSE: HEALTH_BORDER[Health.RED],
}
TRENDS_SHOWN = 2
"""Trend badges a node shows before one line counts the rest."""


@dataclass(frozen=True, slots=True)
class Badge:
    """One line under a node's title: its text (every word from the glossary), colour and
    CSS class (``risk``, ``trend-better``, ``trend-worse``, ``trend-steady``)."""

    text: str
    colour: str
    name: str

    @classmethod
    def risks(cls, words: Glossary, count: int, score: int) -> Badge:
        form = "badge.risks.one" if count == 1 else "badge.risks.count"
        text = f"{RISK_SIGN} " + words.text(form, count=words.number(count), score=score)
        return cls(text, RISK_COLOUR, "risk")


def _arrow(trend: Trend | None, rising: bool) -> str:
    if trend is None:
        return "•"
    if trend is Trend.STEADY:
        return "→"
    return "↗" if rising else "↘"


class Marks:
    """The badges of the nodes of one map."""

    def __init__(self, situation: Situation | None, words: Glossary) -> None:
        self.situation, self.words = situation, words
        self._risks: dict[str, list[Badge]] = {}
        self._short: dict[str, Badge] = {}
        self._measured = False

    def prepare(self, node_ids: list[str]) -> None:
        """Read the risks of every node of the map at once."""
        if self.situation is None:
            return
        self._measured = any(self.situation.measures(n) for n in node_ids)
        for node_id, risks in self.situation.risks_on(node_ids).items():
            self._risks[node_id] = [Badge.risks(self.words, len(risks), risks[0].score)]
            short = f"{RISK_SIGN} {self.words.number(len(risks))} · {risks[0].score}"
            self._short[node_id] = Badge(short, RISK_COLOUR, "risk")

    @property
    def any_trends(self) -> bool:
        """Whether a node of the map may show a trend badge (one with indicators)."""
        return self._measured

    def short(self, node_id: str) -> list[Badge]:
        """The badges in brief, for one line: "⚠ 2 · 20" and the first indicator's arrow
        and latest health ("↗ vihreä"), with "+n" for more indicators."""
        found = [self._short[node_id]] if node_id in self._short else []
        trends = self.trends(node_id, brief=True)
        if trends:
            first = trends[0]
            more = f" +{len(trends) - 1}" if len(trends) > 1 else ""
            found.append(Badge(first.text + more, first.colour, first.name))
        return found

    @property
    def any_risks(self) -> bool:
        """Whether a node of the map shows a risk badge (the legend then explains it)."""
        return bool(self._risks)

    def badges(self, node_id: str) -> list[Badge]:
        """The risk badge, then one trend badge per indicator with readings (by id)."""
        return self._risks.get(node_id, []) + self.trends(node_id)

    def trends(self, node_id: str, brief: bool = False) -> list[Badge]:
        sit, words = self.situation, self.words
        if sit is None or not sit.measures(node_id):
            return []
        found = []
        for indicator in sit.indicators(node_id):
            readings = sit.readings(indicator.id)
            if not readings:
                continue
            trend = reading_trend(indicator, readings)
            rising = len(readings) > 1 and readings[-1].value > readings[-2].value
            health = reading_health(indicator, readings[-1].value)
            said = words.text(f"badge.trend.{trend.value}") if trend else words.text("badge.read")
            text = f"{_arrow(trend, rising)} {said} · {words.health(health)}"
            if brief:
                text = f"{_arrow(trend, rising)} {words.health(health)}"
            name = f"trend-{(trend or Trend.STEADY).value.lower()}"
            found.append(Badge(text, TREND_COLOUR.get(trend, MUTED), name))
        if len(found) > TRENDS_SHOWN and not brief:
            rest = len(found) - TRENDS_SHOWN + 1
            found = found[: TRENDS_SHOWN - 1]
            found.append(Badge("+ " + words.text("badge.indicators", count=rest), MUTED, "trend"))
        return found


def situation_marks(store: GraphStore, words: Glossary) -> Marks:
    """The badges of ``store``'s maps as its reader may see them (none without a picture)."""
    principal = getattr(store, "principal", None)
    if not isinstance(principal, Principal):
        principal = Principal.local("maps")
    try:
        return Marks(Situation(store, principal), words)
    except StoreUnavailable:
        return Marks(None, words)

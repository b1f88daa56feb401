"""The words of the situational picture (risks, indicators, status reports, the risk map):
``key: (fi, sv, en)``, as in ``words.py``."""

from __future__ import annotations

__all__ = ["SITUATION_WORDS"]

SITUATION_WORDS: dict[str, tuple[str, str, str]] = {
    "gap.REPORT_OVERDUE": (
        "Tilannekatsaus myöhässä",
        "Lägesrapport försenad",
        "Status report overdue",
    ),
    "node_gap.REPORT_OVERDUE": (
        "tilannekatsaus myöhässä",
        "lägesrapport försenad",
        "status report overdue",
    ),
    "risk.title": ("Riskit ({count})", "Risker ({count})", "Risks ({count})"),
    "risk.score": ("pisteet", "poäng", "score"),
    "risk.likelihood": ("todennäköisyys", "sannolikhet", "likelihood"),
    "risk.impact": ("vaikutus", "konsekvens", "impact"),
    "risk.status": ("tila", "status", "status"),
    "risk.name": ("riski", "risk", "risk"),
    "risk.id": ("tunnus", "id", "id"),
    "risk.threatens": ("uhkaa", "hotar", "threatens"),
    "risk.status.OPEN": ("avoin", "öppen", "open"),
    "risk.status.MITIGATING": ("hallinnassa", "under hantering", "mitigating"),
    "risk.status.ACCEPTED": ("hyväksytty", "accepterad", "accepted"),
    "risk.status.CLOSED": ("suljettu", "stängd", "closed"),
    "riskmap.title": ("Riskikartta: {region}", "Riskkarta: {region}", "Risk map: {region}"),
    "riskmap.likelihood": ("Todennäköisyys", "Sannolikhet", "Likelihood"),
    "riskmap.impact": ("Vaikutus", "Konsekvens", "Impact"),
    "riskmap.empty": ("ei riskejä", "inga risker", "no risks"),
    "indicator.title": ("Mittarit: {node}", "Indikatorer: {node}", "Indicators: {node}"),
    "indicator.name": ("mittari", "indikator", "indicator"),
    "indicator.latest": ("viimeisin", "senaste", "latest"),
    "indicator.target": ("tavoite", "mål", "target"),
    "indicator.health": ("tila", "status", "health"),
    "report.title": (
        "Tilannekatsaukset ({count})",
        "Lägesrapporter ({count})",
        "Status reports ({count})",
    ),
    "report.date": ("päivä", "datum", "date"),
    "report.project": ("hanke", "projekt", "project"),
    "report.health": ("terveys", "hälsa", "health"),
    "report.progress": ("eteneminen", "framsteg", "progress"),
    "report.summary": ("yhteenveto", "sammanfattning", "summary"),
    "badge.risks.one": ("{count} riski, {score}", "{count} risk, {score}", "{count} risk, {score}"),
    "badge.risks.count": (
        "{count} riskiä, {score}",
        "{count} risker, {score}",
        "{count} risks, {score}",
    ),
    "badge.trend.BETTER": ("paranee", "förbättras", "improving"),
    "badge.trend.WORSE": ("heikkenee", "försämras", "worsening"),
    "badge.trend.STEADY": ("ennallaan", "oförändrad", "steady"),
    "badge.read": ("mittari", "indikator", "indicator"),
    "badge.indicators": (
        "{count} mittaria lisää",
        "{count} indikatorer till",
        "{count} more indicators",
    ),
    "legend.risks": (
        "⚠ riskit: määrä, suurin pistemäärä",
        "⚠ risker: antal, högsta poäng",
        "⚠ risks: how many, the highest score",
    ),
    "legend.trends": (
        "↗ ↘ → mittari: viimeisin muutos ja tila",
        "↗ ↘ → indikator: senaste ändring och läge",
        "↗ ↘ → indicator: last change and health",
    ),
}

"""Every type, field, argument and enum value the situational picture adds to the schema
carries a description."""

from __future__ import annotations

from graphql import GraphQLEnumType, GraphQLInputObjectType, GraphQLObjectType

from strategygraph.api.schema import build_schema

TYPES = (
    "Risk",
    "RiskCell",
    "Indicator",
    "Measurement",
    "StatusReport",
    "RiskInput",
    "IndicatorInput",
    "MeasurementInput",
    "StatusReportInput",
    "RiskStatus",
    "Direction",
)
QUERIES = (
    "risks",
    "risk",
    "riskMap",
    "risksThreatening",
    "indicators",
    "measurements",
    "indicatorHealth",
    "statusReports",
)
MUTATIONS = (
    "createRisk",
    "updateRisk",
    "deleteRisk",
    "createIndicator",
    "updateIndicator",
    "addMeasurement",
    "fileStatusReport",
)


def test_everything_added_is_described() -> None:
    schema = build_schema()._schema
    missing: list[str] = []
    for name in TYPES:
        t = schema.type_map[name]
        if not t.description:
            missing.append(name)
        if isinstance(t, GraphQLEnumType):
            missing += [f"{name}.{v}" for v, d in t.values.items() if not d.description]
        elif isinstance(t, GraphQLObjectType | GraphQLInputObjectType):
            missing += [f"{name}.{f}" for f, d in t.fields.items() if not d.description]
    for root, names in ((schema.query_type, QUERIES), (schema.mutation_type, MUTATIONS)):
        assert root is not None
        for name in names:
            field = root.fields[name]
            if not field.description:
                missing.append(name)
            missing += [f"{name}({a})" for a, d in field.args.items() if not d.description]
    assert missing == []

"""The value drivers (int_customer_value_drivers, docs/segmentation_rules.md §13.33) recomputed
independently in Python: the indicator scores of int_customer_indicators__scored (existing
customers) and of the latest staged assessment (target prospects), the groups of the
segment marts, the weights of seeds/weights.csv rescaled here over the indicators a customer
has a value for, and the medians of `statistics.median`."""

from __future__ import annotations

import csv
import statistics
from collections import defaultdict

from conftest import PROJECT_DIR

BANK_VALUE = [
    "market_share",
    "satisfaction",
    "product_coverage",
    "account_profile",
    "tenure",
    "volume",
    "activity",
    "growth",
    "executive_vip",
    "asset_quality",
    "agreements",
]
TARGET_BANK_VALUE = ["product_fit", "marketing_feasibility", "product_advantage", "service_convenience"]


def seed_weights() -> dict[str, dict[str, float]]:
    weights: dict[str, dict[str, float]] = defaultdict(dict)
    with open(PROJECT_DIR / "seeds" / "weights.csv", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            weights[row["weight_group"]][row["component"]] = float(row["weight"])
    return weights


def existing_scores(q) -> tuple[dict, dict]:
    """customer -> {indicator: score or None}, customer -> group key."""
    columns = ", ".join(f"{indicator}_score" for indicator in BANK_VALUE)
    scores = {
        row[0]: {indicator: (None if value is None else float(value)) for indicator, value in zip(BANK_VALUE, row[1:])}
        for row in q(f"select customer_id, {columns} from intermediate.int_customer_indicators__scored")
    }
    groups = {
        row[0]: row[1:]
        for row in q("""select customer_id, as_of_date, credit_status, market_class, tier_code
                        from marts.fct_customer_segments""")
    }
    return {customer: scores[customer] for customer in groups}, groups


def target_scores(q) -> tuple[dict, dict]:
    """Target prospect -> the four scores of its latest assessment on or before as_of_date."""
    groups = {
        row[0]: row[1:]
        for row in q("select prospect_id, as_of_date, market_class, tier_code from marts.fct_prospect_segments")
    }
    columns = ", ".join(f"{indicator}_score" for indicator in TARGET_BANK_VALUE)
    latest: dict[str, tuple] = {}
    for row in q(f"select prospect_id, assessed_date, {columns} from staging.stg_crm__prospect_assessments"):
        prospect, day = row[0], row[1]
        if prospect in groups and day <= groups[prospect][0] and (prospect not in latest or day > latest[prospect][0]):
            latest[prospect] = (day, row[2:])
    scores = {
        prospect: {
            indicator: (
                None if prospect not in latest or latest[prospect][1][i] is None else float(latest[prospect][1][i])
            )
            for i, indicator in enumerate(TARGET_BANK_VALUE)
        }
        for prospect in groups
    }
    return scores, groups


def expected_drivers(scores: dict, groups: dict, weights: dict[str, float], population: str) -> dict:
    """(population, customer) -> {(direction, rank): (indicator, score, median, weight, contribution)}."""
    by_group: dict[tuple, list[float]] = defaultdict(list)
    for customer, values in scores.items():
        for indicator, value in values.items():
            if value is not None:
                by_group[(groups[customer], indicator)].append(value)
    medians = {key: statistics.median(values) for key, values in by_group.items()}
    expected = {}
    for customer, values in scores.items():
        present = {indicator: value for indicator, value in values.items() if value is not None}
        weight_sum = sum(weights[indicator] for indicator in present)
        rows = []
        for indicator, value in present.items():
            effective = weights[indicator] / weight_sum
            median = medians[(groups[customer], indicator)]
            rows.append((round(effective * (value - median), 6), indicator, value, median, effective))
        drivers = {}
        raises = sorted((r for r in rows if r[0] > 0), key=lambda r: (-r[0], r[1]))[:3]
        lowers = sorted((r for r in rows if r[0] < 0), key=lambda r: (r[0], r[1]))[:3]
        for direction, chosen in (("raises", raises), ("lowers", lowers)):
            for rank, (contribution, indicator, value, median, effective) in enumerate(chosen, start=1):
                drivers[(direction, rank)] = (indicator, value, median, effective, contribution)
        expected[(population, customer)] = drivers
    return expected


def actual_drivers(q) -> dict:
    actual: dict[tuple, dict] = defaultdict(dict)
    for row in q("""select population, customer_id, direction, driver_rank, indicator, customer_score,
                           group_median_score, effective_weight, contribution
                    from intermediate.int_customer_value_drivers"""):
        actual[(row[0], row[1])][(row[2], row[3])] = tuple(row[4:])
    return actual


def assert_same(expected: dict, actual: dict) -> None:
    for key, drivers in expected.items():
        got = actual.get(key, {})
        assert set(got) == set(drivers), (key, drivers, got)
        for slot, (indicator, value, median, effective, contribution) in drivers.items():
            row = got[slot]
            assert row[0] == indicator, (key, slot, drivers, got)
            assert abs(row[1] - value) < 1e-6 and abs(row[2] - median) < 1e-6, (key, slot, row, value, median)
            assert abs(row[3] - effective) < 1e-9 and abs(row[4] - contribution) < 2e-6, (key, slot, row)
    assert set(actual) <= set(expected)


def test_every_driver_matches_an_independent_computation(typed_warehouse):
    q = typed_warehouse.query
    weights = seed_weights()
    scores, groups = existing_scores(q)
    expected = expected_drivers(scores, groups, weights["bank_value"], "existing")
    prospect_scores, prospect_groups = target_scores(q)
    expected |= expected_drivers(prospect_scores, prospect_groups, weights["target_bank_value"], "target")
    actual = actual_drivers(q)
    assert_same(expected, actual)
    populations = {population for population, _ in actual}
    assert populations == {"existing", "target"}
    assert sum(len(drivers) for drivers in expected.values()) > len(expected)


def test_rescaled_weights_rebuild_the_bank_value_score(typed_warehouse):
    """The rescaling done here is the one the score uses: the rescaled weights times the
    scores add up to bank_value_score, so the contributions are pushes of that score."""
    q = typed_warehouse.query
    weights = seed_weights()["bank_value"]
    scores, _ = existing_scores(q)
    stated = dict(q("select customer_id, bank_value_score from marts.fct_customer_segments"))
    for customer, values in scores.items():
        present = {indicator: value for indicator, value in values.items() if value is not None}
        total = sum(weights[indicator] for indicator in present)
        rebuilt = sum(weights[indicator] / total * value for indicator, value in present.items()) if present else 0
        assert abs(rebuilt - float(stated[customer])) < 1e-5, customer


def test_the_data_holds_even_groups_and_missing_indicators(typed_warehouse):
    """The comparison above covers the edge cases: a median of an even-sized group that is the
    mean of two different middle scores, and customers missing an indicator whose other
    indicators carry rescaled weights."""
    q = typed_warehouse.query
    weights = seed_weights()["bank_value"]
    scores, groups = existing_scores(q)
    by_group: dict[tuple, list[float]] = defaultdict(list)
    for customer, values in scores.items():
        for indicator, value in values.items():
            if value is not None:
                by_group[(groups[customer], indicator)].append(value)
    even_medians = set()
    for (group, indicator), values in by_group.items():
        ordered = sorted(values)
        middle = len(ordered) // 2
        if len(ordered) % 2 == 0 and ordered[middle - 1] != ordered[middle]:
            even_medians.add((group, indicator))
    actual = actual_drivers(q)
    uses_even = [
        (customer, row[0])
        for (population, customer), drivers in actual.items()
        if population == "existing"
        for row in drivers.values()
        if (groups[customer], row[0]) in even_medians
    ]
    assert uses_even, "no driver reads the median of an even-sized group with two different middle scores"
    missing = [
        customer
        for customer, values in scores.items()
        if any(value is None for value in values.values()) and actual.get(("existing", customer))
    ]
    assert missing, "no customer with a missing indicator has drivers"
    for customer in missing:
        absent = {indicator for indicator, value in scores[customer].items() if value is None}
        rows = actual[("existing", customer)].values()
        assert not absent & {row[0] for row in rows}
        share = 1 - sum(weights[indicator] for indicator in absent)
        for row in rows:
            assert abs(row[3] - weights[row[0]] / share) < 1e-9

"""fct_customer_explanations (issue 19, "Why each customer is where it is") checked against the
segment marts and against the thresholds and cutoffs resolved here, independently, from the seed
CSV files (docs/segmentation_rules.md §1.1, §1.2: branch row over region row over global row; for
cutoffs a named tier over `*` within one scope). A copy of the project gets a region override and a
branch override (inside that region) of the deposit-scale threshold, the large-revenue threshold and
the cutoffs, so some customers are explained under each kind of row."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import duckdb
import pytest

from conftest import PROJECT_DIR, dbt, generate

DATA = {"customers": 260, "days": 120, "as_of": "2026-01-31", "seed": 29, "bad_rate": 0.0}
IGNORE = shutil.ignore_patterns(
    ".venv", ".git", "target", "logs", "warehouse", "reports", "*.duckdb*", "__pycache__", ".pytest_cache"
)
PARAMETER_OVERRIDES = {  # parameter: (region value, branch value)
    "deposit_scale_threshold_cny": ("300000", "800000"),
    "large_revenue_threshold_cny": ("20000000", "250000000"),
}


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_csv(path: Path, rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def money(value) -> str:
    """A figure as the explanations write it: cents, half away from zero, thousand separators."""
    return f"{Decimal(str(value)).quantize(Decimal('0.01'), rounding=ROUND_HALF_UP):,.2f}"


class Explained:
    def __init__(self, project: Path, database: Path, region: str, branch: str):
        self.project, self.database, self.region, self.branch = project, database, region, branch

    def query(self, sql: str) -> list[tuple]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            return con.execute(sql).fetchall()

    def rows(self, sql: str) -> list[dict]:
        with duckdb.connect(str(self.database), read_only=True) as con:
            cursor = con.execute(sql)
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, r, strict=True)) for r in cursor.fetchall()]


@pytest.fixture(scope="module")
def explained(tmp_path_factory) -> Explained:
    folder = tmp_path_factory.mktemp("explanations")
    project = folder / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=IGNORE)
    database = folder / "warehouse.duckdb"
    generate(database, **DATA)
    with duckdb.connect(str(database), read_only=True) as con:
        # the region with the most customers, and its branch with the most customers
        region, branch = con.execute("""
            select b.region_code, b.branch_id
            from raw.ecif_customers as c
            join raw.ecif_branches as b on trim(c.branch_id) = trim(b.branch_id)
            group by b.region_code, b.branch_id
            order by sum(count(*)) over (partition by b.region_code) desc, count(*) desc, b.branch_id
            limit 1""").fetchone()
        region, branch = region.strip(), branch.strip()
    seeds = project / "seeds"
    parameters = read_csv(seeds / "parameters.csv")
    for name, (region_value, branch_value) in PARAMETER_OVERRIDES.items():
        [global_row] = [r for r in parameters if r["parameter_name"] == name and r["scope_type"] == "global"]
        parameters.append({**global_row, "scope_type": "region", "scope_id": region, "value": region_value})
        parameters.append({**global_row, "scope_type": "branch", "scope_id": branch, "value": branch_value})
    write_csv(seeds / "parameters.csv", parameters)
    cutoffs = read_csv(seeds / "segment_cutoffs.csv")
    cutoffs += [
        {"scope_type": "region", "scope_id": region, "population": "existing", "tier_code": "*", "dimension": "x",
         "method": "percent_rank", "value": "0.8"},
        {"scope_type": "branch", "scope_id": branch, "population": "existing", "tier_code": "*", "dimension": "y",
         "method": "percent_rank", "value": "0.3"},
        {"scope_type": "region", "scope_id": region, "population": "existing", "tier_code": "below_scale",
         "dimension": "y", "method": "percent_rank", "value": "0.6"},
        {"scope_type": "region", "scope_id": region, "population": "target", "tier_code": "*", "dimension": "x",
         "method": "percent_rank", "value": "0.25"},
    ]  # fmt: skip
    write_csv(seeds / "segment_cutoffs.csv", cutoffs)
    target = folder / "target"
    dbt(database, "seed", cwd=project, target_path=target)
    dbt(database, "run", cwd=project, target_path=target)
    dbt(database, "test", "--select", "fct_customer_explanations", cwd=project, target_path=target)
    return Explained(project, database, region, branch)


def resolve_parameter(rows: list[dict], name: str, branch: str, region: str) -> tuple[Decimal, str]:
    """(value, scope) of parameter `name` at a branch: its branch row, else its region's, else global."""
    for scope_type, scope_id in (("branch", branch), ("region", region), ("global", "*")):
        found = [
            r
            for r in rows
            if r["parameter_name"] == name and (r["scope_type"], r["scope_id"]) == (scope_type, scope_id)
        ]
        if found:
            label = "global" if scope_type == "global" else f"{scope_type} {scope_id}"
            return Decimal(found[0]["value"]), label
    raise AssertionError(f"no row for {name}")


def resolve_cutoff(rows: list[dict], population: str, tier: str, dimension: str, branch: str, region: str):
    """(method, value, scope text) of a cutoff: scope first (branch, region, global), then a named
    tier over `*` within that scope."""
    for scope_type, scope_id in (("branch", branch), ("region", region), ("global", "*")):
        for tier_code in (tier, "*"):
            found = [
                r
                for r in rows
                if (r["scope_type"], r["scope_id"], r["population"], r["tier_code"], r["dimension"])
                == (scope_type, scope_id, population, tier_code, dimension)
            ]
            if found:
                label = "global" if scope_type == "global" else f"{scope_type} {scope_id}"
                return found[0]["method"], Decimal(found[0]["value"]), f"segment_cutoffs.csv, {label}, tier {tier_code}"
    raise AssertionError(f"no cutoff for {population} {tier} {dimension}")


def test_every_customer_and_prospect_has_exactly_one_explanation(explained):
    customers = explained.query("select as_of_date, customer_id from marts.fct_customer_segments")
    prospects = explained.query("select as_of_date, prospect_id from marts.fct_prospect_segments")
    rows = explained.query("select as_of_date, population, customer_id from marts.fct_customer_explanations")
    assert customers and prospects
    assert max(Counter(rows).values()) == 1
    assert {(d, c) for d, p, c in rows if p == "existing"} == set(customers)
    assert {(d, c) for d, p, c in rows if p == "target"} == set(prospects)
    assert {p for _, p, _ in rows} == {"existing", "target"}
    # the populations are named as mart_segment_summary names them
    assert {p for (p,) in explained.query("select distinct population from marts.mart_segment_summary")} == {
        "existing",
        "target",
    }


def test_the_decisions_stated_are_the_segment_marts(explained):
    mismatched = explained.query("""
        select e.customer_id
        from marts.fct_customer_explanations as e
        join marts.fct_customer_segments as s
            on e.population = 'existing' and e.as_of_date = s.as_of_date and e.customer_id = s.customer_id
        where (e.credit_status, e.market_class, coalesce(e.market_segment, ''), e.tier_code, e.tier_basis,
               e.segment_code, e.lifecycle_stage, e.risk_grade, e.service_level, e.branch_id, e.region_code,
               e.profit_contribution, e.bank_value_score, e.profit_percent_rank, e.bank_value_percent_rank)
           is distinct from
              (s.credit_status, s.market_class, coalesce(s.market_segment, ''), s.tier_code, s.tier_basis,
               s.segment_code, s.lifecycle_stage, s.risk_grade, s.service_level, s.branch_id, s.region_code,
               s.profit_contribution, s.bank_value_score, s.profit_percent_rank, s.bank_value_percent_rank)
        union all
        select e.customer_id
        from marts.fct_customer_explanations as e
        join marts.fct_prospect_segments as p
            on e.population = 'target' and e.as_of_date = p.as_of_date and e.customer_id = p.prospect_id
        where (e.market_class, e.tier_code, e.tier_basis, e.segment_code, e.service_level, e.lifecycle_stage,
               e.potential_value_score, e.bank_value_score)
           is distinct from
              (p.market_class, p.tier_code, p.tier_basis, p.segment_code, p.service_level, p.lifecycle_stage,
               p.potential_value_score, p.target_bank_value_score)""")
    assert not mismatched, mismatched[:10]
    # and the texts name them: the tier's and the segment's labels open their sections
    labels = {(t, c): (zh, en) for t, c, zh, en in explained.query("select * from seeds.labels")}
    for row in explained.rows("select * from marts.fct_customer_explanations"):
        assert row["tier_reason_zh"].startswith(labels[("tier_code", row["tier_code"])][0])
        assert row["tier_reason_en"].startswith(labels[("tier_code", row["tier_code"])][1])
        assert row["segment_reason_zh"].startswith(labels[("segment_code", row["segment_code"])][0])
        assert row["segment_reason_en"].startswith(labels[("segment_code", row["segment_code"])][1])


def test_thresholds_and_cutoffs_are_the_resolved_ones_under_region_and_branch_overrides(explained):
    seeds = explained.project / "seeds"
    parameters = read_csv(seeds / "parameters.csv")
    cutoffs = read_csv(seeds / "segment_cutoffs.csv")
    reduced = [r["industry_code_prefix"] for r in read_csv(seeds / "reduced_threshold_industries.csv")]
    branches = dict(explained.query("select branch_id, region_code from staging.stg_ecif__branches"))
    industries = dict(explained.query("select customer_id, industry_code from staging.stg_ecif__customers"))
    industries.update(explained.query("select prospect_id, industry_code from staging.stg_crm__prospects"))
    sources = Counter()
    for row in explained.rows("select * from marts.fct_customer_explanations"):
        branch, region = row["branch_id"], row["region_code"]
        assert branches[branch] == region
        if row["tier_basis"] == "strategic_list":
            assert row["tier_threshold"] is None and row["tier_threshold_source"] is None
        else:
            if row["tier_basis"] == "deposit_adb":
                name = "deposit_scale_threshold_cny"
            elif any((industries[row["customer_id"]] or "").startswith(p) for p in reduced):
                name = "large_revenue_threshold_reduced_cny"
            else:
                name = "large_revenue_threshold_cny"
            value, scope = resolve_parameter(parameters, name, branch, region)
            assert row["tier_threshold"] == value, row["customer_id"]
            assert row["tier_threshold_source"] == f"parameters.csv, {name}, {scope}", row["customer_id"]
            sources[(row["population"], name, scope.split()[0])] += 1
            assert money(value) in row["tier_reason_en"] and money(value) in row["tier_reason_zh"]
        x = resolve_cutoff(cutoffs, row["population"], row["tier_code"], "x", branch, region)
        y = resolve_cutoff(cutoffs, row["population"], row["tier_code"], "y", branch, region)
        x_column = "profit_cutoff" if row["population"] == "existing" else "potential_cutoff"
        assert (row["x_cutoff_method"], row[x_column]) == x[:2], row["customer_id"]
        assert (row["y_cutoff_method"], row["bank_value_cutoff"]) == y[:2], row["customer_id"]
        assert row["cutoff_scope"] == (x[2] if x[2] == y[2] else f"x: {x[2]}; y: {y[2]}"), row["customer_id"]
        assert x[2] in row["segment_reason_en"] and y[2] in row["segment_reason_zh"]
        sources[(row["population"], "cutoff", x[2].split(",")[1].split()[0], y[2].split(",")[1].split()[0])] += 1
    # the overrides were exercised: customers under the region row, under the branch row, and the global row
    for scope in ("global", "region", "branch"):
        assert sources[("existing", "deposit_scale_threshold_cny", scope)] > 0, sources
    assert sum(n for k, n in sources.items() if k[1] == "large_revenue_threshold_cny" and k[2] != "global") > 0
    assert sources[("existing", "cutoff", "branch", "branch")] == 0  # the branch overrides y only
    assert any(k[0] == "existing" and k[1:] == ("cutoff", "region", "branch") for k in sources), sources
    assert any(k[0] == "existing" and k[1:3] == ("cutoff", "region") and k[3] == "region" for k in sources)
    assert any(k[0] == "target" and k[2] == "region" for k in sources if k[1] == "cutoff"), sources


def test_the_texts_name_the_figures(explained):
    rows = explained.rows("""
        select e.*, m.credit_balance_cny, m.deposit_adb_cny
        from marts.fct_customer_explanations as e
        left join marts.fct_customer_metrics as m
            on e.population = 'existing' and e.as_of_date = m.as_of_date and e.customer_id = m.customer_id""")
    negative = 0
    for row in rows:
        for language in ("en", "zh"):
            sections = [
                row[f"{s}_reason_{language}"] for s in ("class", "tier", "segment", "lifecycle", "risk", "service")
            ]
            assert row[f"explanation_{language}"] == "\n".join([*sections, row[f"value_drivers_{language}"]])
        if row["tier_value"] is not None:
            assert money(row["tier_value"]) in row["tier_reason_en"], (row["tier_value"], row["tier_reason_en"])
            assert money(row["tier_value"]) in row["tier_reason_zh"]
        if row["population"] == "existing":
            assert f"{money(row['credit_balance_cny'])} CNY" in row["class_reason_en"]
            assert f"{money(row['credit_balance_cny'])} 元" in row["class_reason_zh"]
            assert f"profit contribution {money(row['profit_contribution'])} CNY" in row["segment_reason_en"]
            assert f"利润贡献度 {money(row['profit_contribution'])} 元" in row["segment_reason_zh"]
            negative += row["profit_contribution"] < 0
            if row["tier_basis"] == "deposit_adb":
                assert row["tier_value"] == row["deposit_adb_cny"]
        else:
            assert f"potential value score {money(row['potential_value_score'])}" in row["segment_reason_en"]
        assert f"{money(row['bank_value_score'])}" in row["segment_reason_en"]
        assert f"{money(Decimal(str(row['bank_value_percent_rank'])) * 100)}%" in row["segment_reason_zh"]
    assert negative > 0  # a negative figure is written with its sign
    assert any(r["tier_basis"] == "sme_standard" for r in rows) and any(r["tier_basis"] == "deposit_adb" for r in rows)


def test_the_value_drivers_are_the_ones_of_int_customer_value_drivers(explained):
    """value_drivers_en/_zh list the drivers int_customer_value_drivers ranked (recomputed
    independently in test_value_drivers.py), in rank order, each with its label from
    seeds/labels.csv, the customer's score, the group's median and the signed contribution."""
    labels = {
        r["code"]: (r["label_en"], r["label_zh"])
        for r in read_csv(explained.project / "seeds" / "labels.csv")
        if r["code_type"] == "indicator"
    }
    drivers: dict[tuple, dict] = {}
    for population, customer, direction, rank, indicator, score, median, contribution in explained.query(
        """select population, customer_id, direction, driver_rank, indicator, customer_score,
                  group_median_score, contribution
           from intermediate.int_customer_value_drivers"""
    ):
        drivers.setdefault((population, customer), {}).setdefault(direction, {})[rank] = (
            indicator,
            score,
            median,
            contribution,
        )
    rows = explained.query(
        "select population, customer_id, value_drivers_en, value_drivers_zh from marts.fct_customer_explanations"
    )
    score_names = {
        "existing": ("bank value score", "银行对客户价值得分"),
        "target": ("bank value to the target", "银行对目标客户价值得分"),
    }
    listed = 0
    for population, customer, text_en, text_zh in rows:
        found = drivers.get((population, customer), {})
        expected_en, expected_zh = [], []
        for direction in ("raises", "lowers"):
            chosen = [found.get(direction, {})[rank] for rank in sorted(found.get(direction, {}))]
            listed += len(chosen)
            en = []
            zh = []
            for indicator, score, median, contribution in chosen:
                sign = "+" if contribution > 0 else ""
                label_en, label_zh = labels[indicator]
                en.append(
                    f"{label_en} (score {money(score)} against a median of {money(median)}, "
                    f"{sign}{money(contribution)} points)"
                )
                zh.append(f"{label_zh}（得分 {money(score)}，中位数 {money(median)}，{sign}{money(contribution)} 分）")
            expected_en.append("; ".join(en) or "none")
            expected_zh.append("、".join(zh) or "无")
        assert text_en == (
            f"Against the median of its group, the {score_names[population][0]} is raised most by: {expected_en[0]}. "
            f"Lowered most by: {expected_en[1]}."
        ), (population, customer)
        assert text_zh == (
            f"{score_names[population][1]}与所在客户群中位数相比，抬高最多的指标：{expected_zh[0]}；拉低最多的指标：{expected_zh[1]}。"
        ), (population, customer)
    assert listed > len(rows)  # most customers have drivers both ways
    assert {population for population, *_ in rows} == {"existing", "target"}

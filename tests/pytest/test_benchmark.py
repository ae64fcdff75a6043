"""The benchmark harness (scripts/benchmark.py) works end to end at a tiny size: it
generates data, times the floor query, a full build, a next-day run and a what-if
scenario, and writes the figures and the rendered report. No timing is asserted: the
figures of record come from `make bench` (docs/benchmarks.md)."""

from __future__ import annotations

import csv
import json
import subprocess

import benchmark

from conftest import BIN, PROJECT_DIR

KEYS = {
    "customers",
    "raw_rows",
    "generator_rows_per_s",
    "full_build_s",
    "floor_s",
    "build_to_floor_ratio",
    "incremental_s",
    "incremental_to_full_ratio",
    "whatif_s",
    "whatif_movers",
    "whatif_to_full_ratio",
    "peak_rss_gib",
    "model_seconds",
}


def test_benchmark_runs_at_a_tiny_size_and_renders_its_report(tmp_path):
    workdir = tmp_path / "bench"
    result_path = tmp_path / "result.json"
    subprocess.run(
        [
            str(BIN / "python"),
            str(PROJECT_DIR / "scripts" / "benchmark.py"),
            "--customers",
            "200",
            "--days",
            "60",
            "--as-of",
            "2025-03-31",
            "--seed",
            "4",
            "--workdir",
            str(workdir),
            "--json",
            str(result_path),
            "--quiet",
        ],
        check=True,
        cwd=PROJECT_DIR,
    )
    result = json.loads(result_path.read_text(encoding="utf-8"))
    assert set(result) >= KEYS
    assert result["customers"] == 200
    assert result["raw_rows"] > result["next_day_rows"] > 0
    for key in ("generator_rows_per_s", "full_build_s", "floor_s", "incremental_s", "peak_rss_gib"):
        assert result[key] > 0, key
    assert result["build_to_floor_ratio"] == round(result["full_build_s"] / result["floor_s"], 2)
    assert result["incremental_to_full_ratio"] == round(result["incremental_s"] / result["full_build_s"], 3)
    assert result["next_day"] == "2025-04-01"
    # every model of the project has its seconds; the big staging models among them
    assert {"base_core__deposit_balances", "stg_core__transactions", "fct_customer_segments"} <= set(
        result["model_seconds"]
    )
    assert "base_core__deposit_balances" in result["incremental_model_seconds"]
    # the scenario: after the next-day run, on the date it built, its own process and figures
    assert result["whatif_s"] > 0 and result["peak_rss_gib_by_step"]["whatif"] > 0
    assert result["whatif_to_full_ratio"] == round(result["whatif_s"] / result["full_build_s"], 3)
    assert result["whatif_as_of"] == "2025-04-01"
    with open(workdir / "whatif_reports" / "deposit_1m" / "moves.csv", encoding="utf-8", newline="") as handle:
        assert result["whatif_movers"] == len(list(csv.DictReader(handle)))
    # the proposed file differs from seeds/ in that one value only
    with open(PROJECT_DIR / "seeds" / "parameters.csv", encoding="utf-8", newline="") as handle:
        production = list(csv.DictReader(handle))
    with open(workdir / "whatif" / "deposit_1m" / "parameters.csv", encoding="utf-8", newline="") as handle:
        proposed = list(csv.DictReader(handle))
    differ = [(a, b) for a, b in zip(production, proposed, strict=True) if a != b]
    assert len(differ) == 1
    before, after = differ[0]
    assert before["parameter_name"] == "deposit_scale_threshold_cny" and before["scope_type"] == "global"
    assert after == dict(before, value="1000000")

    markdown = tmp_path / "benchmarks.md"
    combined = tmp_path / "benchmarks.json"
    subprocess.run(
        [
            str(BIN / "python"),
            str(PROJECT_DIR / "scripts" / "benchmark.py"),
            "--render",
            str(combined),
            "--markdown",
            str(markdown),
            str(result_path),
        ],
        check=True,
        cwd=PROJECT_DIR,
        capture_output=True,
    )
    document = json.loads(combined.read_text(encoding="utf-8"))
    assert document["results"] == [result]
    assert {t["check"].split(" ")[0] for t in document["targets"]} >= {"build", "next-day", "peak", "generator"}
    text = markdown.read_text(encoding="utf-8")
    assert "| 200 | 60 |" in text and "## Targets" in text
    assert f"| {result['whatif_s']:.1f} | {result['whatif_to_full_ratio']:.3f} | {result['whatif_movers']:,} |" in text


def figures(customers: int, **extra) -> dict:
    """A result file's fields the rendering reads (made-up figures)."""
    result = dict(
        customers=customers,
        days=400,
        raw_rows=customers * 880,
        generator_s=10.0,
        generator_rows_per_s=1_200_000,
        generator_reused=False,
        floor_s=2.0,
        full_build_s=200.0,
        build_to_floor_ratio=100.0,
        incremental_s=100.0,
        incremental_to_full_ratio=0.5,
        peak_rss_gib=1.5,
        warehouse_gib=0.3,
        duckdb_settings={"threads": 2, "memory_limit": "12GB"},
        measured_at="2026-12-05T00:00:00+00:00",
        model_seconds={"base_core__deposit_balances": 50.0},
    )
    return {**result, **extra}


def test_rendering_shows_the_scenario_and_a_dash_for_results_without_it(tmp_path):
    # a result file written before the scenario was measured, on another machine
    other = {"cpu": "Old CPU 9000", "cores": 2, "memory_gib": 23.6, "os": "Linux-old", "versions": {"duckdb": "0"}}
    older = figures(10_000, machine=other)
    newer = figures(100_000, whatif_s=24.46, whatif_to_full_ratio=0.122, whatif_movers=1234)
    markdown = tmp_path / "benchmarks.md"
    benchmark.render([newer, older], tmp_path / "benchmarks.json", markdown)
    rows = {line.split(" | ")[0]: line for line in markdown.read_text(encoding="utf-8").splitlines()}
    assert "| what-if s | what-if / full | movers |" in rows["| customers"]
    assert "| 100.0 | 0.500 | 24.5 | 0.122 | 1,234 | 1.50 | 0.30 |" in rows["| 100,000"]
    assert "| 100.0 | 0.500 | — | — | — | 1.50 | 0.30 |" in rows["| 10,000"]
    # growth of the scenario's seconds only where both sizes have it
    assert rows["| 10,000 → 100,000"].endswith("| 1.0 | 1.0 | — |")
    text = markdown.read_text(encoding="utf-8")
    assert "a small fraction of a full build" in text
    # each size names the machine it was measured on (the rendering one when not recorded)
    machines = next(line for line in text.splitlines() if line.startswith("- Machines"))
    assert "10,000 customers: Old CPU 9000, 2 cores, 23.6 GiB memory (Linux-old); software duckdb 0" in machines
    assert "; 100,000 customers: " in machines


def test_growth_of_the_full_build_is_not_computed_across_machines():
    one = {"cpu": "A", "cores": 2, "memory_gib": 23.6, "os": "Linux", "versions": {}}
    other = dict(one, cpu="B")
    small = figures(100_000, machine=one)
    same = figures(1_000_000, machine=one, full_build_s=1000.0)
    growth = {c: (o, m) for c, _, o, m in benchmark.target_checks([small, same])}
    assert growth["full build 1,000,000 / 100,000 customers"] == ("5.0", True)  # 1000 / 200
    moved = figures(1_000_000, machine=other, full_build_s=1000.0)
    growth = {c: (o, m) for c, _, o, m in benchmark.target_checks([small, moved])}
    assert growth["full build 1,000,000 / 100,000 customers"] == ("— (different machines)", None)

"""The benchmark harness (scripts/benchmark.py) works end to end at a tiny size: it
generates data, times the floor query, a full build and a next-day run, and writes the
figures and the rendered report. No timing is asserted: the figures of record come from
`make bench` (docs/benchmarks.md)."""

from __future__ import annotations

import json
import subprocess

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

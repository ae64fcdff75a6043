"""The segmentation report (scripts/report.py): one self-contained HTML file whose every
chart is drawn with data. Opened in headless Chromium (Debian's, installed by
scripts/setup_browser.sh, which `make test` runs first): no script or console error, every
chart's SVG has marks, the screenshots are not blank, and Chinese has a font to render in."""
from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

import report
from conftest import BIN, PROJECT_DIR

headless = pytest.importorskip("headless")


@pytest.fixture(scope="module")
def report_file(history_warehouse, tmp_path_factory) -> Path:
    output = tmp_path_factory.mktemp("report") / "segmentation_report.html"
    result = subprocess.run([str(BIN / "python"), str(PROJECT_DIR / "scripts" / "report.py"), "--database",
                             str(history_warehouse.database), "--output", str(output)],
                            cwd=PROJECT_DIR, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(output) in result.stdout
    return output


@pytest.fixture(scope="module")
def rendered(report_file, tmp_path_factory) -> dict:
    """Open the report headless: charts as the DOM has them, errors, screenshots."""
    assert shutil.which("chromium"), "chromium is missing: run scripts/setup_browser.sh (make test does)"
    folder = tmp_path_factory.mktemp("screenshots")
    with headless.Browser(width=1280, height=900) as browser:
        browser.open(report_file.as_uri())
        charts = json.loads(browser.evaluate("""JSON.stringify(Array.from(document.querySelectorAll('[data-chart]'))
          .map(function (figure) {
            var svg = figure.querySelector('svg');
            var box = figure.getBoundingClientRect();
            var svgBox = svg ? svg.getBoundingClientRect() : {width: 0, height: 0};
            return {key: figure.getAttribute('data-chart'), points: Number(figure.getAttribute('data-points')),
                    marks: svg ? svg.querySelectorAll('circle, rect, line, path, polyline').length : 0,
                    text: svg ? svg.textContent : '', svgWidth: svgBox.width, svgHeight: svgBox.height,
                    cutoffs: svg ? svg.querySelectorAll('line.cutoff').length : 0,
                    x: box.x + window.scrollX, y: box.y + window.scrollY, width: box.width, height: box.height};
          }))"""))
        page = browser.screenshot(folder / "report.png")
        colours = {}
        for chart in charts:
            png = browser.screenshot(folder / f"{chart['key']}.png",
                                     clip={k: chart[k] for k in ("x", "y", "width", "height")})
            colours[chart["key"]] = browser.distinct_colours(png)
        result = {"charts": charts, "errors": browser.errors(), "page": page,
                  "page_colours": browser.distinct_colours(page), "colours": colours, "folder": folder,
                  "script_ran": browser.evaluate("document.documentElement.getAttribute('data-charts')"),
                  "title": browser.evaluate("document.title")}
    print(f"screenshots in {folder}")
    return result


def latest(history_warehouse):
    return history_warehouse.query("select max(as_of_date) from marts.fct_customer_segments")[0][0]


def test_report_is_one_self_contained_file(report_file):
    text = report_file.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    # nothing is fetched: no external script, style sheet, image, font or import
    assert not re.search(r"<(script|img|link|iframe)[^>]*\b(src|href)=", text)
    assert "@import" not in text and "url(" not in text
    assert set(re.findall(r"https?://[^\s\"'<>]+", text)) <= {"http://www.w3.org/2000/svg"}


def test_every_chart_is_there_with_the_marts_numbers(rendered, history_warehouse):
    as_of = latest(history_warehouse)
    charts = {c["key"]: c for c in rendered["charts"]}
    tiers = dict(history_warehouse.query(
        "select tier_code, count(*) from marts.fct_customer_segments where as_of_date = ? group by 1", [as_of]))
    prospect_tiers = dict(history_warehouse.query(
        "select tier_code, count(*) from marts.fct_prospect_segments where as_of_date = ? group by 1", [as_of]))
    cells = history_warehouse.query(
        "select count(*) from (select distinct tier_code, segment_code from marts.fct_customer_segments "
        "where as_of_date = ?)", [as_of])[0][0]
    moves = history_warehouse.query(
        "select count(*) from marts.mart_segment_migration where to_as_of_date = ? and customers > 0", [as_of])[0][0]
    expected = ({"tier-segment-customers": cells, "tier-segment-profit": cells, "migration": moves}
                | {f"quadrant-{t}": n for t, n in tiers.items()}
                | {f"prospect-quadrant-{t}": n for t, n in prospect_tiers.items()})
    assert {"lifecycle-by-region", "risk-by-region"} <= set(charts)
    assert set(charts) == set(expected) | {"lifecycle-by-region", "risk-by-region"}
    for key, points in expected.items():
        assert charts[key]["points"] == points, key
    assert rendered["script_ran"] == str(len(charts))
    # a cutoff line wherever some customer reached the high band of a dimension
    reached = dict(history_warehouse.query("""
        select tier_code, count(distinct case when profit_band = 'high' then 'x' end)
                          + count(distinct case when bank_value_band = 'high' then 'y' end)
        from marts.fct_customer_segments where as_of_date = ? group by 1""", [as_of]))
    for tier, dimensions in reached.items():
        assert (charts[f"quadrant-{tier}"]["cutoffs"] >= dimensions), tier


def test_every_chart_rendered_with_data_and_no_script_error(rendered):
    assert rendered["errors"] == [], rendered["errors"]
    for chart in rendered["charts"]:
        assert chart["points"] > 0, chart["key"]
        assert chart["marks"] >= chart["points"] > 0, chart["key"]
        assert chart["svgWidth"] > 200 and chart["svgHeight"] > 100, chart["key"]
        # drawn, not blank: anti-aliased marks and text give many colours
        assert rendered["colours"][chart["key"]] > 40, (chart["key"], rendered["colours"][chart["key"]])
    width, height = headless.png_size(rendered["page"])
    assert width == 1280 and height > 2000
    assert rendered["page_colours"] > 500


def test_chinese_labels_have_a_font(rendered):
    # the labels are there, and fontconfig (which chromium uses) has a CJK font the CSS names
    labels = " ".join(c["text"] for c in rendered["charts"])
    assert "重要客户" in labels and "退出客户" in labels and "对公客户分层分类" in rendered["title"]
    families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True).stdout
    assert any(name in families for name in ("Noto Sans CJK SC", "WenQuanYi Zen Hei")), families[:500]


def test_cutoff_lines_fall_where_the_bands_change(history_warehouse):
    """A line is the lowest value ranked high in its group: every member of the group at
    or above it is high, every one below it low (independent of how the report draws)."""
    import duckdb

    with duckdb.connect(str(history_warehouse.database), read_only=True) as con:
        points = report.customer_points(con, latest(history_warehouse))
    assert points and all(p["x_method"] for p in points)
    group = lambda p: (p["tier_code"], p["credit_status"], p["market_class"])  # noqa: E731
    lines = report.cutoff_lines(points, group)
    assert {ln.dimension for ln in lines} == {"x", "y"}
    for line in lines:
        if line.value is None:  # nobody reached the cutoff: the whole group is low
            assert all(p[f"{line.dimension}_band"] == "low" for p in points if group(p) == line.group)
            continue
        d = line.dimension
        members = [p for p in points if group(p) == line.group and p[f"{d}_method"] == line.method
                   and float(p[f"{d}_value"]) == line.cutoff]
        assert len(members) == line.members > 0
        for p in members:
            band = "high" if p[d] >= line.value else "low"
            assert p[f"{d}_band"] == band, (line, p["customer_id"])


def test_make_runs_the_browser_setup_before_the_tests_and_demo_writes_report_and_docs():
    env = dict(os.environ, DBT_DUCKDB_PATH="somewhere/w.duckdb", BI_DUCKDB_PATH="elsewhere/bi.duckdb")

    def dry_run(*args: str) -> str:
        return subprocess.run(["make", "-n", "--no-print-directory", *args], cwd=PROJECT_DIR, env=env,
                              capture_output=True, text=True, check=True).stdout

    test = dry_run("test")
    assert test.index("setup_browser.sh") < test.index("pytest")
    demo = dry_run("demo")
    order = [demo.index(step) for step in ("generate_demo_data.py", "backfill.py", "quality_gate.py", "publish.py",
                                           "report.py", "dbt docs generate", "summary.py")]
    assert order == sorted(order)
    # the report reads the published copy of the marts (scripts/publish.py)
    assert "publish.py --database somewhere/w.duckdb --output elsewhere/bi.duckdb" in demo
    assert "report.py --database elsewhere/bi.duckdb --output reports/segmentation_report.html" in demo

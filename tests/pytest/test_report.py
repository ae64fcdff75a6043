"""The segmentation report (scripts/report.py): one self-contained HTML file on the
vendored ECharts (scripts/vendor_echarts.sh, which `make test` runs first), opened in
headless Chromium (Debian's, installed by scripts/setup_browser.sh): no script or console
error, nothing fetched, every chart drawn with the marts' numbers, filters that redraw the
charts with the counts SQL gives for them, a tooltip with the customer's details on
hover, cutoff lines where the bands change, and a million customers in under 10 MB."""

from __future__ import annotations

import base64
import json
import math
import re
import shutil
import subprocess
import sys
import time
import zlib
from pathlib import Path

import duckdb
import pytest
from segmentation_report import cutoffs, payload, quadrants, writer

from conftest import make_dry_run, run_report

headless = pytest.importorskip("headless")

FIGURES = """JSON.stringify(Array.from(document.querySelectorAll('[data-chart]')).map(function (figure) {
  var box = figure.getBoundingClientRect();
  var entry = window.corpReport.charts[figure.getAttribute('data-chart')];
  var option = entry.chart.getOption();
  return {key: figure.getAttribute('data-chart'), visible: figure.style.display !== 'none',
          points: Number(figure.getAttribute('data-points')), marks: Number(figure.getAttribute('data-marks')),
          mode: figure.getAttribute('data-mode'), cutoffs: Number(figure.getAttribute('data-cutoffs') || 0),
          title: figure.querySelector('h3').textContent, caption: figure.querySelector('figcaption').textContent,
          series: option.series.map(function (s) {
            return {type: s.type, name: s.name, data: (s.data || []).length,
                    sum: (s.data || []).reduce(function (a, v) { return a + (typeof v === 'number' ? v : 0); }, 0),
                    lines: ((s.markLine || {}).data || []).map(function (d) { return {x: d.xAxis, y: d.yAxis}; })};
          }),
          x: box.x + window.scrollX, y: box.y + window.scrollY, width: box.width, height: box.height};
}))"""


def figures(browser) -> dict:
    return {f["key"]: f for f in json.loads(browser.evaluate(FIGURES))}


def choose(browser, name: str, value: str) -> None:
    """Set a filter through the DOM, as a reader does."""
    browser.evaluate(f"""(function () {{ var select = document.getElementById('filter-{name}');
        var option = Array.from(select.options).find(function (o) {{ return o.text.split(' ').indexOf({json.dumps(value)}) >= 0
                                                                     || o.text === {json.dumps(value)}; }});
        if (!option) {{ throw new Error('no option ' + {json.dumps(value)}); }}
        select.value = option.value; select.dispatchEvent(new Event('change')); }})()""")


@pytest.fixture(scope="module")
def report_file(history_warehouse, tmp_path_factory) -> Path:
    assert writer.ECHARTS.exists(), "vendor/echarts is missing: run `make vendor` (make test does)"
    output = tmp_path_factory.mktemp("report") / "segmentation_report.html"
    result = run_report(history_warehouse.database, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert str(output) in result.stdout
    return output


@pytest.fixture(scope="module")
def browser(report_file):
    assert shutil.which("chromium"), "chromium is missing: run scripts/setup_browser.sh (make test does)"
    with headless.Browser(width=1280, height=900) as b:
        b.open(report_file.as_uri())
        yield b


@pytest.fixture(scope="module")
def rendered(browser, tmp_path_factory) -> dict:
    """The report as opened: charts as the page has them, errors, requests, screenshots."""
    folder = tmp_path_factory.mktemp("screenshots")
    charts = list(figures(browser).values())
    page = browser.screenshot(folder / "report.png")
    colours = {}
    for chart in charts:
        if chart["visible"]:
            png = browser.screenshot(
                folder / f"{chart['key']}.png", clip={k: chart[k] for k in ("x", "y", "width", "height")}
            )
            colours[chart["key"]] = browser.distinct_colours(png)
    print(f"screenshots in {folder}")
    return {
        "charts": charts,
        "errors": browser.errors(),
        "requests": browser.requests(),
        "page": page,
        "page_colours": browser.distinct_colours(page),
        "colours": colours,
        "script_ran": browser.evaluate("document.documentElement.getAttribute('data-charts')"),
        "title": browser.evaluate("document.title"),
        "body": browser.evaluate("document.body.innerText"),
    }


def latest(history_warehouse):
    return history_warehouse.query("select max(as_of_date) from marts.fct_customer_segments")[0][0]


def test_report_is_one_self_contained_file(report_file):
    text = report_file.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and '<meta charset="utf-8">' in text
    # the vendored library is inlined as it is, and the only script that is not the page's own
    library = writer.ECHARTS.read_text(encoding="utf-8")
    assert text.count(library) == 1
    rest = text.replace(library, "")
    # nothing is fetched: no external script, style sheet, image, font or import
    assert not re.search(r"<(script|img|link|iframe)[^>]*\b(src|href)=", rest)
    assert "@import" not in rest and "url(" not in rest
    assert not re.findall(r"https?://[^\s\"'<>]+", rest)


def test_nothing_is_fetched_and_no_script_error(rendered, report_file):
    assert rendered["errors"] == [], rendered["errors"]
    assert rendered["requests"], "the browser recorded no request at all"
    assert all(url == report_file.as_uri() or url.startswith("data:") for url in rendered["requests"]), rendered[
        "requests"
    ]


def test_every_chart_is_there_with_the_marts_numbers(rendered, history_warehouse):
    as_of = latest(history_warehouse)
    charts = {c["key"]: c for c in rendered["charts"] if c["visible"]}
    tiers = dict(
        history_warehouse.query(
            "select tier_code, count(*) from marts.fct_customer_segments where as_of_date = ? group by 1", [as_of]
        )
    )
    prospect_tiers = dict(
        history_warehouse.query(
            "select tier_code, count(*) from marts.fct_prospect_segments where as_of_date = ? group by 1", [as_of]
        )
    )
    cells = history_warehouse.query(
        "select count(distinct tier_code || '/' || segment_code) from marts.mart_segment_summary "
        "where as_of_date = ? and population = 'existing' and customers > 0",
        [as_of],
    )[0][0]
    moves = history_warehouse.query(
        "select count(*) from marts.mart_segment_migration where to_as_of_date = ? and customers > 0", [as_of]
    )[0][0]
    regions = {
        c: history_warehouse.query(
            f"select count(distinct region_code || '/' || {c}) from marts.fct_customer_segments where as_of_date = ?",
            [as_of],
        )[0][0]
        for c in ("lifecycle_stage", "risk_grade")
    }
    groups = history_warehouse.query(
        """select count(*) filter (where credit_exposure_cny > 0), count(*) filter (where customer_members > 0)
        from marts.fct_group_summary where as_of_date = ?""",
        [as_of],
    )[0]
    drawn_groups = {
        key: min(n, payload.GROUP_ROWS) for key, n in zip(("groups-exposure", "groups-profit"), groups) if n > 0
    }
    assert drawn_groups, "the history warehouse has no group with customers"
    expected = (
        {
            "tier-segment-customers": cells,
            "tier-segment-profit": cells,
            "migration": moves,
            "lifecycle-by-region": regions["lifecycle_stage"],
            "risk-by-region": regions["risk_grade"],
        }
        | {f"quadrant-{t}": n for t, n in tiers.items()}
        | {f"prospect-quadrant-{t}": n for t, n in prospect_tiers.items()}
        | drawn_groups
    )
    assert set(charts) == set(expected)
    for key, points in expected.items():
        assert charts[key]["points"] == points, key
        assert charts[key]["marks"] > 0, key
    # small enough to draw every customer one by one: one point per customer
    for key in charts:
        if "quadrant" in key:
            assert charts[key]["mode"] == "points", key
            assert sum(s["data"] for s in charts[key]["series"] if s["type"] == "scatter") == charts[key]["points"]
    assert rendered["script_ran"] == str(len(rendered["charts"]))


def test_tier_segment_totals_are_mart_segment_summarys(rendered, history_warehouse):
    as_of = latest(history_warehouse)
    customers, profit = history_warehouse.query(
        """
        select sum(customers), sum(profit_contribution) from marts.mart_segment_summary
        where as_of_date = ? and population = 'existing'""",
        [as_of],
    )[0]
    charts = {c["key"]: c for c in rendered["charts"]}
    assert sum(s["sum"] for s in charts["tier-segment-customers"]["series"]) == customers
    drawn = sum(s["sum"] for s in charts["tier-segment-profit"]["series"])
    assert math.isclose(drawn, float(profit), abs_tol=0.01 * len(charts["tier-segment-profit"]["series"]) * 20)
    assert "mart_segment_summary" in charts["tier-segment-customers"]["caption"]


def test_every_chart_rendered_and_not_blank(rendered):
    for chart in rendered["charts"]:
        if not chart["visible"]:
            continue
        assert chart["width"] > 200 and chart["height"] > 300, chart["key"]
        # drawn, not blank: anti-aliased marks and text give many colours
        assert rendered["colours"][chart["key"]] > 40, (chart["key"], rendered["colours"][chart["key"]])
    width, height = headless.png_size(rendered["page"])
    assert width == 1280 and height > 2000
    assert rendered["page_colours"] > 500


def test_chinese_labels_have_a_font(rendered):
    # the labels are there, and fontconfig (which chromium uses) has a CJK font the CSS names
    labels = rendered["body"] + " ".join(s.get("name") or "" for c in rendered["charts"] for s in c["series"])
    assert "重要客户" in labels and "退出客户" in labels and "对公客户分层分类" in rendered["title"]
    families = subprocess.run(["fc-list", ":lang=zh", "family"], capture_output=True, text=True, check=False).stdout
    assert any(name in families for name in ("Noto Sans CJK SC", "WenQuanYi Zen Hei")), families[:500]


def test_filters_redraw_every_chart_with_the_counts_of_sql(browser, history_warehouse):
    as_of = latest(history_warehouse)
    region, branch, tier = history_warehouse.query(
        """
        select region_code, branch_id, tier_code from marts.fct_customer_segments where as_of_date = ?
        group by all order by count(*) desc, 1, 2, 3 limit 1""",
        [as_of],
    )[0]
    before = figures(browser)
    try:
        choose(browser, "region", region)
        after = figures(browser)
        quadrants = dict(
            history_warehouse.query(
                """
            select tier_code, count(*) from marts.fct_customer_segments where as_of_date = ? and region_code = ?
            group by 1""",
                [as_of, region],
            )
        )
        for key, chart in after.items():
            if key.startswith("quadrant-"):
                assert chart["points"] == quadrants.get(key.removeprefix("quadrant-"), 0), key
                assert chart["visible"] == (key.removeprefix("quadrant-") in quadrants), key
        summary = history_warehouse.query(
            """
            select sum(customers) from marts.mart_segment_summary
            where as_of_date = ? and population = 'existing' and region_code = ?""",
            [as_of, region],
        )[0][0]
        assert sum(s["sum"] for s in after["tier-segment-customers"]["series"]) == summary
        mix = history_warehouse.query(
            """select count(distinct lifecycle_stage) from marts.fct_customer_segments
            where as_of_date = ? and region_code = ?""",
            [as_of, region],
        )[0][0]
        assert after["lifecycle-by-region"]["points"] == mix
        changed = [k for k in after if after[k]["visible"] and after[k]["points"] != before[k]["points"]]
        assert {"tier-segment-customers", "lifecycle-by-region", "migration"} <= set(changed), changed

        choose(browser, "branch", branch)
        choose(browser, "tier", tier)
        after = figures(browser)
        n = history_warehouse.query(
            """select count(*) from marts.fct_customer_segments
            where as_of_date = ? and branch_id = ? and tier_code = ?""",
            [as_of, branch, tier],
        )[0][0]
        assert after[f"quadrant-{tier}"]["points"] == n > 0
        assert [k for k, c in after.items() if k.startswith("quadrant-") and c["visible"]] == [f"quadrant-{tier}"]
        assert sum(s["sum"] for s in after["tier-segment-customers"]["series"]) == n
        moved = history_warehouse.query(
            """select count(*) from marts.fct_customer_segments
            where as_of_date = ? and branch_id = ? and tier_code = ?""",
            [as_of, branch, tier],
        )[0][0]
        assert after["migration"]["points"] > 0 and moved == n
        rows = browser.evaluate("Number(document.querySelector('[data-table=exit-credit]').getAttribute('data-rows'))")
        exits = history_warehouse.query(
            """select count(*) from marts.fct_customer_segments as s
            inner join marts.fct_customer_metrics as m using (as_of_date, customer_id)
            where s.as_of_date = ? and s.branch_id = ? and s.tier_code = ? and s.segment_code = 'exit'
            and m.credit_balance_cny > 0""",
            [as_of, branch, tier],
        )[0][0]
        assert rows == min(exits, 20)

        earlier = history_warehouse.query("select min(as_of_date) from marts.fct_customer_segments")[0][0]
        choose(browser, "date", earlier.isoformat())
        after = figures(browser)
        n = history_warehouse.query(
            """select count(*) from marts.fct_customer_segments
            where as_of_date = ? and branch_id = ? and tier_code = ?""",
            [earlier, branch, tier],
        )[0][0]
        assert after[f"quadrant-{tier}"]["points"] == n
        assert browser.errors() == []
    finally:
        for name, value in (("region", "all"), ("branch", "all"), ("tier", "all"), ("date", as_of.isoformat())):
            choose(browser, name, value)


def test_hover_shows_the_customers_details(browser, history_warehouse):
    as_of = latest(history_warehouse)
    tier, customer, segment, _, y, region, branch = history_warehouse.query(
        """
        select tier_code, customer_id, segment_code, profit_contribution, bank_value_score, region_code, branch_id
        from marts.fct_customer_segments where as_of_date = ? order by profit_contribution desc limit 1""",
        [as_of],
    )[0]
    spot = json.loads(
        browser.evaluate(f"""(function () {{
        var entry = window.corpReport.charts['quadrant-{tier}'], option = entry.chart.getOption();
        entry.figure.scrollIntoView();
        for (var s = 0; s < option.series.length; s++) {{
          var data = option.series[s].data || [];
          for (var i = 0; i < data.length; i++) {{
            if (option.series[s].type === 'scatter' && window.corpReport.data.quadrants.existing.points.id[data[i][2]]
                === {json.dumps(customer)}) {{
              var xy = entry.chart.convertToPixel({{seriesIndex: s}}, [data[i][0], data[i][1]]);
              var box = entry.figure.querySelector('.canvas').getBoundingClientRect();
              return JSON.stringify({{x: box.x + xy[0], y: box.y + xy[1]}});
            }}
          }}
        }}
        return 'null'; }})()""")
    )
    assert spot, "the customer is not drawn"
    browser.hover(spot["x"], spot["y"])
    time.sleep(0.3)
    tip = browser.evaluate("""(function () { var tips = Array.from(document.querySelectorAll('.report-tooltip'))
        .filter(function (t) { return t.style.display !== 'none' && t.style.opacity !== '0'; });
        return tips.map(function (t) { return t.innerText; }).join('\\n'); })()""")
    assert customer in tip, tip
    assert segment in tip and region in tip and branch in tip, tip
    assert f"{float(y):.2f}" in tip, tip


def test_cutoff_lines_fall_where_the_bands_change(history_warehouse, rendered):
    """A line is the lowest value ranked high in its group: every member of the group at
    or above it is high, every one below it low (independent of how the report draws);
    and each quadrant draws its lines there."""
    with duckdb.connect(str(history_warehouse.database), read_only=True) as con:
        lines = cutoffs.cutoff_lines(con, "existing")
        members = con.execute("""
            select s.as_of_date, s.tier_code, s.credit_status, s.market_class, c.dimension, c.cutoff_method,
                   cast(c.cutoff_value as double), case c.dimension when 'x' then s.profit_contribution
                   else s.bank_value_score end, case c.dimension when 'x' then s.profit_band else s.bank_value_band end
            from marts.fct_customer_segments as s
            inner join intermediate.int_branch_segment_cutoffs__resolved as c
                on s.branch_id = c.branch_id and s.tier_code = c.tier_code and c.population = 'existing'""").fetchall()
    assert {ln.dimension for ln in lines} == {"x", "y"} and all(ln.method for ln in lines)
    for line in lines:
        group = [
            m
            for m in members
            if (m[0], m[1], m[2], m[3], m[4], m[5], m[6])
            == (line.as_of_date, line.tier_code, *line.group, line.dimension, line.method, line.cutoff)
        ]
        assert len(group) == line.members > 0
        if line.value is None:  # nobody reached the cutoff: the whole group is low
            assert all(m[8] == "low" for m in group)
            continue
        for m in group:
            assert m[8] == ("high" if float(m[7]) >= line.value else "low"), (line, m)
    as_of = latest(history_warehouse)
    charts = {c["key"]: c for c in rendered["charts"]}
    for tier in {ln.tier_code for ln in lines if ln.as_of_date == as_of}:
        drawn = [ln for s in charts[f"quadrant-{tier}"]["series"] for ln in s["lines"]]
        want = [ln for ln in lines if ln.as_of_date == as_of and ln.tier_code == tier and ln.value is not None]
        assert charts[f"quadrant-{tier}"]["cutoffs"] == len(drawn) == len(want)
        for dimension in ("x", "y"):
            at = sorted(ln[dimension] for ln in drawn if ln.get(dimension) is not None)
            expected = sorted(
                math.copysign(math.log10(1 + abs(ln.value) / quadrants.SYMLOG_C), ln.value)
                if dimension == "x"
                else ln.value
                for ln in want
                if ln.dimension == dimension
            )
            assert at == pytest.approx(expected), (tier, dimension)


def test_cutoff_lines_from_the_marts_alone_follow_a_regional_override(history_warehouse, tmp_path):
    """Without the resolved cutoffs (a marts-only copy, as published for BI), the lines are
    found where the bands change: one per group, or per region (or branch) of a group whose
    bands change at different values, as when a region's override makes x high only from
    the 80th percent rank on."""
    as_of = latest(history_warehouse)
    with duckdb.connect(str(tmp_path / "bi.duckdb")) as con:
        con.execute(f"attach '{history_warehouse.database}' as src (read_only)")
        con.execute("create schema marts")
        con.execute("create table marts.fct_customer_segments as select * from src.marts.fct_customer_segments")
        con.execute("detach src")
        region, tier, status, market = con.execute(
            """
            select region_code, tier_code, credit_status, market_class from marts.fct_customer_segments
            where as_of_date = ? group by all order by count(*) desc, 1, 2, 3, 4 limit 1""",
            [as_of],
        ).fetchone()
        con.execute(
            """update marts.fct_customer_segments
            set profit_band = case when profit_percent_rank >= 0.8 then 'high' else 'low' end
            where as_of_date = ? and region_code = ? and tier_code = ? and credit_status = ? and market_class = ?""",
            [as_of, region, tier, status, market],
        )
        lines = cutoffs.cutoff_lines(con, "existing")
        members = con.execute("""
            select as_of_date, tier_code, credit_status, market_class, region_code, branch_id,
                   profit_contribution, profit_band, bank_value_score, bank_value_band
            from marts.fct_customer_segments""").fetchall()
    assert all(ln.method is None for ln in lines)
    planted = [
        ln
        for ln in lines
        if (ln.as_of_date, ln.tier_code, ln.group, ln.dimension) == (as_of, tier, (status, market), "x")
    ]
    assert any(ln.region == region for ln in planted), planted
    assert all(ln.region is not None for ln in planted)
    for line in lines:
        value, band = (6, 7) if line.dimension == "x" else (8, 9)
        scope = [
            m
            for m in members
            if (m[0], m[1], (m[2], m[3])) == (line.as_of_date, line.tier_code, line.group)
            and (line.region is None or m[4] == line.region)
            and (line.branch is None or m[5] == line.branch)
        ]
        assert len(scope) == line.members > 0, line
        for m in scope:
            high = line.value is not None and float(m[value]) >= line.value
            assert m[band] == ("high" if high else "low"), (line, m)


GROUP_TABLE = """JSON.stringify(Array.from(document.querySelectorAll('[data-table=%s] tbody tr')).map(function (tr) {
  return Array.from(tr.cells).map(function (td) { return [td.textContent, td.getAttribute('data-value')]; });
}))"""


def group_summary(con, as_of) -> list[dict]:
    """fct_group_summary's rows of `as_of`, each with its segment mix read from the
    `<segment>_customers` and `<segment>_prospects` columns (counts above 0)."""
    cursor = con.execute("select * from marts.fct_group_summary where as_of_date = ?", [as_of])
    names = [d[0] for d in cursor.description]
    rows = [dict(zip(names, row)) for row in cursor.fetchall()]
    for row in rows:
        row["mix"] = {
            found.group(1): row[name]
            for name in names
            if (found := re.fullmatch(r"(\w+)_(customers|prospects)", name)) and row[name]
        }
    return rows


def largest(rows: list[dict], by: str, n: int) -> list[dict]:
    """The n largest groups by credit exposure (those with any) or by profit contribution
    (those with customers), ties in group_id order."""
    value = "credit_exposure_cny" if by == "exposure" else "profit_contribution"
    scope = [r for r in rows if (r[value] > 0 if by == "exposure" else r["customer_members"] > 0)]
    return sorted(scope, key=lambda r: (-r[value], r["group_id"]))[:n]


def test_the_groups_section_lists_the_largest_groups_of_the_date(browser, history_warehouse):
    """The two groups tables list, for the as_of_date chosen, the largest groups of
    fct_group_summary by credit exposure and by profit contribution (ranked here), each with
    its members per segment (the summary's segment-mix columns), exposure, share of the
    bank's exposure, profit, highest tier, worst risk grade and strategic flag; the region,
    branch and tier filters leave them alone (groups span branches)."""
    as_of = latest(history_warehouse)
    earlier = history_warehouse.query("select min(as_of_date) from marts.fct_customer_segments")[0][0]
    region = history_warehouse.query(
        "select min(region_code) from marts.fct_customer_segments where as_of_date = ?", [as_of]
    )[0][0]
    seen = 0
    try:
        for date, filters in ((as_of, ()), (earlier, ()), (as_of, (("region", region),))):
            choose(browser, "date", date.isoformat())
            for name, value in filters:
                choose(browser, name, value)
            with duckdb.connect(str(history_warehouse.database), read_only=True) as con:
                rows = group_summary(con, date)
            note = browser.evaluate("document.getElementById('groups-note').textContent")
            assert note.startswith(f"{len(rows)} groups on {date.isoformat()}"), note
            for by in ("exposure", "profit"):
                want = largest(rows, by, payload.GROUP_ROWS)
                got = json.loads(browser.evaluate(GROUP_TABLE % f"groups-{by}"))
                if not want:
                    assert got == [[["none / 无", None]]], (by, got)
                    continue
                assert [r[0][0] for r in got] == [
                    f"{w['group_name']} {w['group_id']}" if w["group_name"] else w["group_id"] for w in want
                ], (date, by)
                for row, w in zip(got, want):
                    _, customers, prospects, mix, exposure, share, profit, tier, risk, strategic = row
                    assert (int(customers[1]), int(prospects[1])) == (w["customer_members"], w["prospect_members"])
                    drawn = {part.split()[-2]: int(part.split()[-1]) for part in mix[0].split(" · ") if part != "–"}
                    assert drawn == w["mix"], (w["group_id"], mix)
                    assert abs(float(exposure[1]) - float(w["credit_exposure_cny"])) <= 0.5
                    assert abs(float(profit[1]) - float(w["profit_contribution"])) <= 0.5
                    assert float(share[1]) == pytest.approx(float(w["exposure_concentration"]), abs=1e-8)
                    assert tier[0].split()[-1] == w["highest_tier_code"]
                    assert risk[0].split()[-1] == (w["worst_risk_grade"] or "–")
                    assert strategic[0].startswith("yes" if w["is_strategic"] else "no"), strategic
                    seen += 1
        assert seen > 0
        assert browser.errors() == []
    finally:
        for name, value in (("region", "all"), ("date", as_of.isoformat())):
            choose(browser, name, value)


def test_the_groups_lists_keep_each_dates_largest_with_their_members_segments(history_warehouse, tmp_path, monkeypatch):
    """On a marts copy whose groups were given planted exposures and profits (ties
    included), the payload keeps for each as_of_date exactly the GROUP_ROWS largest by each
    ranking (ties in group_id order), ranked as here, and each kept group's members per
    segment, counted from fct_group_members, are the summary's segment-mix columns."""
    monkeypatch.setattr(payload, "GROUP_ROWS", 3)
    copy = tmp_path / "groups.duckdb"
    with duckdb.connect(str(copy)) as con:
        con.execute(f"attach '{history_warehouse.database}' as src (read_only)")
        con.execute("create schema marts")
        for table in (
            "fct_customer_segments",
            "fct_prospect_segments",
            "mart_segment_summary",
            "fct_group_summary",
            "fct_group_members",
        ):
            con.execute(f"create table marts.{table} as select * from src.marts.{table}")
        con.execute("detach src")
        # planted: exposures 0, 7, 5, 5, 2, 5, ... (x 1,000,000), profits -3, 4, 4, 1, ...
        con.execute("""
            update marts.fct_group_summary as g set
                credit_exposure_cny = [0, 7, 5, 5, 2, 5][1 + r.n % 6] * 1000000,
                profit_contribution = [-3, 4, 4, 1, 9, 4][1 + r.n % 6] * 1000
            from (select as_of_date, group_id, row_number() over (partition by as_of_date order by group_id) as n
                  from marts.fct_group_summary) as r
            where g.as_of_date = r.as_of_date and g.group_id = r.group_id""")
        c = payload.read_codes(con)
        data = payload.groups(con, c)
        by_date = {d: group_summary(con, d) for d in c.dates}
    assert max(len(rows) for rows in by_date.values()) > 3, "too few groups for the list to leave some out"
    for at, (d, rows) in enumerate(by_date.items()):
        kept = {data["id"][i]: i for i in range(len(data["id"])) if data["d"][i] == at}
        for by, rank in (("exposure", "rx"), ("profit", "rp")):
            want = [r["group_id"] for r in largest(rows, by, 3)]
            got = sorted((data[rank][i], g) for g, i in kept.items() if data[rank][i] is not None)
            assert [g for _, g in got] == want, (d, by)
            assert [n for n, _ in got] == list(range(1, len(want) + 1))
        assert set(kept) == {r["group_id"] for by in ("exposure", "profit") for r in largest(rows, by, 3)}
        assert data["count"][at] == len(rows)
        summary = {r["group_id"]: r for r in rows}
        for g, i in kept.items():
            mix = {s: n for s, n in zip(c.segments, data["cs"][i]) if n} | {
                s: n for s, n in zip(c.prospect_segments, data["ps"][i]) if n
            }
            assert mix == summary[g]["mix"], g
            assert (data["cm"][i], data["pm"][i]) == (summary[g]["customer_members"], summary[g]["prospect_members"])


def test_a_million_customers_fit_in_10_mb_and_filter(history_warehouse, tmp_path):
    """A synthetic marts-only file shaped like the marts, 1,000,000 customers x 3 as_of_dates:
    the report is under 10 MB, opens within seconds in headless Chromium, draws density, and
    its filters give the counts SQL gives. Size and times are printed (docs/benchmarks.md)."""
    import synthetic_marts

    database = tmp_path / "synthetic.duckdb"  # not marts.duckdb: its catalog would shadow the schema
    started = time.monotonic()
    synthetic_marts.build(history_warehouse.database, database, 1_000_000, ["2026-08-31", "2026-09-30", "2026-10-31"])
    generated = time.monotonic() - started
    output = tmp_path / "report.html"
    started = time.monotonic()
    result = run_report(database, output)
    written = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    size = output.stat().st_size
    assert size < 10_000_000, size
    with duckdb.connect(str(database), read_only=True) as con:
        region, branch, tier = con.execute("""select region_code, branch_id, tier_code from marts.fct_customer_segments
            where as_of_date = '2026-10-31' group by all order by count(*) desc, 1, 2, 3 limit 1""").fetchone()
        by_tier = dict(
            con.execute("""select tier_code, count(*) from marts.fct_customer_segments
            where as_of_date = '2026-10-31' group by 1""").fetchall()
        )
        in_region = dict(
            con.execute(
                """select tier_code, count(*) from marts.fct_customer_segments
            where as_of_date = '2026-10-31' and region_code = ? group by 1""",
                [region],
            ).fetchall()
        )
        in_branch = con.execute(
            """select count(*) from marts.fct_customer_segments
            where as_of_date = '2026-08-31' and branch_id = ? and tier_code = ?""",
            [branch, tier],
        ).fetchone()[0]
    with headless.Browser(width=1280, height=900) as browser:
        started = time.monotonic()
        browser.open(output.as_uri())
        loaded = time.monotonic() - started
        assert browser.errors() == []
        charts = figures(browser)
        assert {k: charts[f"quadrant-{k}"]["points"] for k in by_tier} == by_tier
        assert any(c["mode"] == "density" for c in charts.values())
        for c in charts.values():
            if c["mode"] == "density":
                assert 0 < c["marks"] <= quadrants.GRIDS[0] ** 2
        choose(browser, "region", region)
        charts = figures(browser)
        assert {k: charts[f"quadrant-{k}"]["points"] for k in in_region} == in_region
        choose(browser, "branch", branch)
        choose(browser, "tier", tier)
        choose(browser, "date", "2026-08-31")
        assert figures(browser)[f"quadrant-{tier}"]["points"] == in_branch
        assert browser.errors() == []
    print(
        f"\n1,000,000 customers x 3 as_of_dates: marts generated in {generated:.1f} s, report written in "
        f"{written:.1f} s, {size / 1e6:.1f} MB, opened in {loaded:.2f} s"
    )
    assert loaded < 20


def card_figure(card: str, label: str) -> str:
    """The value on an explanation card's line `label` (two spaces, the label, two or more spaces)."""
    found = [line[len(label) + 2 :].strip() for line in card.splitlines() if line.startswith(f"  {label}  ")]
    assert len(found) == 1, (label, card)
    return found[0]


def explain(database: Path, customer: str, as_of: str, lang: str = "both") -> str:
    """What scripts/explain.py prints for `customer` on `as_of`."""
    result = subprocess.run(
        [
            str(Path(sys.executable).parent / "python"),
            str(writer.PROJECT_DIR / "scripts" / "explain.py"),
            customer,
            "--as-of",
            as_of,
            "--lang",
            lang,
            "--database",
            str(database),
        ],
        cwd=writer.PROJECT_DIR,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


LINKS = """JSON.stringify(Array.from(document.querySelectorAll('#top-lists a.explain-link')).map(function (a) {
  return {table: a.closest('table').getAttribute('data-table'), population: a.getAttribute('data-population'),
          date: Number(a.getAttribute('data-date')), id: a.getAttribute('data-id'), text: a.textContent};
}))"""
DIALOG = """JSON.stringify({open: document.getElementById('explain-dialog').open,
  state: document.getElementById('explain-dialog').getAttribute('data-state'),
  text: document.getElementById('explain-card').textContent,
  command: document.getElementById('explain-command').value})"""


def test_the_top_lists_customers_carry_their_explanation(browser, history_warehouse):
    """Every customer of the two top lists links to its card; the file embeds the cards of
    exactly the top lists' customers (each as_of_date's top 20 of every branch and tier, as
    SQL ranks them here), and each card states the tier and segment of the segment facts."""
    links = json.loads(browser.evaluate(LINKS))
    rows = {
        key: browser.evaluate(f"Number(document.querySelector('[data-table={key}]').getAttribute('data-rows'))")
        for key in ("exit-credit", "gold-prospects")
    }
    assert rows["exit-credit"] > 0 and rows["gold-prospects"] > 0
    assert {key: sum(link["table"] == key for link in links) for key in rows} == rows
    assert all(link["text"] == link["id"] for link in links)
    cards = json.loads(
        browser.evaluate(
            """window.corpReport.cards().then(function (all) {
                 var texts = {};
                 Object.keys(all).forEach(function (population) {
                   texts[population] = {};
                   Object.keys(all[population]).forEach(function (key) {
                     texts[population][key] = ['zh', 'en', 'both'].map(function (lang) {
                       return window.corpReport.cardText(all[population][key], lang); });
                   });
                 });
                 return JSON.stringify(texts); })""",
            await_promise=True,
        )
    )
    dates = json.loads(browser.evaluate("JSON.stringify(window.corpReport.data.dates)"))
    exits = history_warehouse.query("""
        select as_of_date, customer_id, tier_code, segment_code from (
            select s.*, row_number() over (partition by s.as_of_date, s.branch_id, s.tier_code
                                           order by m.credit_balance_cny desc, s.customer_id) as rank
            from marts.fct_customer_segments as s
            inner join marts.fct_customer_metrics as m using (as_of_date, customer_id)
            where s.segment_code = 'exit' and m.credit_balance_cny > 0) where rank <= 20""")
    golds = history_warehouse.query("""
        select as_of_date, prospect_id, tier_code, segment_code from (
            select *, row_number() over (partition by as_of_date, branch_id, tier_code
                                         order by potential_value_score desc, prospect_id) as rank
            from marts.fct_prospect_segments where segment_code = 'gold') where rank <= 20""")
    for population, expected in (("existing", exits), ("target", golds)):
        want = {f"{dates.index(d.isoformat())}|{i}": (t, s) for d, i, t, s in expected}
        assert set(cards[population]) == set(want), population
        for key, (tier, segment) in want.items():
            zh, en, both = cards[population][key]
            assert card_figure(en, "tier") == tier and card_figure(en, "segment") == segment, key
            assert card_figure(both, "tier / 分层").split()[0] == tier, key
            assert key.split("|", 1)[1] in zh.splitlines()[0], key
    shown = {(link["population"], link["date"], link["id"]) for link in links}
    assert all(f"{d}|{i}" in cards[p] for p, d, i in shown)


def test_clicking_a_customer_opens_the_card_explain_prints(browser, history_warehouse):
    links = json.loads(browser.evaluate(LINKS))
    for table in ("exit-credit", "gold-prospects"):
        link = next(x for x in links if x["table"] == table)
        at = json.loads(
            browser.evaluate(f"""(function () {{
            var a = document.querySelector('[data-table={table}] a.explain-link');
            a.scrollIntoView({{block: 'center'}});
            var box = a.getBoundingClientRect();
            return JSON.stringify({{x: box.x + box.width / 2, y: box.y + box.height / 2}}); }})()""")
        )
        browser.click(at["x"], at["y"])
        for _ in range(50):
            dialog = json.loads(browser.evaluate(DIALOG))
            if dialog["state"] != "loading":
                break
            time.sleep(0.1)
        as_of = json.loads(browser.evaluate("JSON.stringify(window.corpReport.data.dates)"))[link["date"]]
        assert dialog["open"] and dialog["state"] == "shown", dialog
        assert dialog["text"] == explain(history_warehouse.database, link["id"], as_of)
        assert dialog["command"] == f"make explain ID={link['id']} AS_OF={as_of}"
        browser.evaluate("document.querySelector('#explain-dialog [data-lang=zh]').click()")
        time.sleep(0.2)
        assert json.loads(browser.evaluate(DIALOG))["text"] == explain(
            history_warehouse.database, link["id"], as_of, "zh"
        )
        browser.evaluate("document.querySelector('#explain-dialog [data-lang=both]').click()")
        browser.evaluate("document.getElementById('explain-close').click()")
        assert json.loads(browser.evaluate(DIALOG))["open"] is False
    assert browser.errors() == []


def test_past_the_card_budget_the_file_keeps_each_dates_unfiltered_top(history_warehouse, monkeypatch):
    """With more top-list rows than CARD_BUDGET (a bank with many branches), the file keeps
    the cards of what each list shows unfiltered on each as_of_date (its top rows, ranked here
    by SQL) and as many of every branch and tier's first rows as the budget holds (none here).
    A list of 3 rows (TOP_ROWS) instead of 20, so that each date's list leaves rows out."""
    monkeypatch.setattr(payload, "CARD_BUDGET", 5)
    monkeypatch.setattr(payload, "TOP_ROWS", 3)
    with duckdb.connect(str(history_warehouse.database), read_only=True) as con:
        data = payload.build_data(con)
    cards = json.loads(zlib.decompress(base64.b64decode(data["explanations"]["deflated"])))
    assert data["explanations"]["first"] == {"existing": 0, "target": 0}
    exits = history_warehouse.query("""
        select as_of_date, customer_id from (
            select s.as_of_date, s.customer_id, row_number() over (
                partition by s.as_of_date order by round(m.credit_balance_cny) desc, s.customer_id) as rank
            from marts.fct_customer_segments as s
            inner join marts.fct_customer_metrics as m using (as_of_date, customer_id)
            where s.segment_code = 'exit' and m.credit_balance_cny > 0) where rank <= 3""")
    golds = history_warehouse.query("""
        select as_of_date, prospect_id from (
            select as_of_date, prospect_id, row_number() over (
                partition by as_of_date order by round(potential_value_score, 2) desc, prospect_id) as rank
            from marts.fct_prospect_segments where segment_code = 'gold') where rank <= 3""")
    dates = data["dates"]
    # each list holds more rows than it shows unfiltered
    assert len(data["exits"]["id"]) > len(exits) and len(data["golds"]["id"]) > len(golds)
    for population, expected in (("existing", exits), ("target", golds)):
        assert set(cards[population]) == {f"{dates.index(d.isoformat())}|{i}" for d, i in expected}, population


def test_without_the_explanations_mart_the_report_renders_without_links(history_warehouse, tmp_path):
    """An older warehouse (no marts.fct_customer_explanations, no group marts): the same
    report, ids as text, and a groups section that says it has none."""
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute(f"attach '{history_warehouse.database}' as src (read_only)")
        con.execute("create schema marts")
        for (table,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'src' and schema_name = 'marts' "
            "and table_name not in ('fct_customer_explanations', 'fct_group_summary', 'fct_group_members')"
        ).fetchall():
            con.execute(f"create table marts.{table} as select * from src.marts.{table}")
    output = tmp_path / "report.html"
    result = run_report(old, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"explanations":null' in output.read_text(encoding="utf-8")
    assert '"groups":null' in output.read_text(encoding="utf-8")
    with headless.Browser(width=1280, height=900) as b:
        b.open(output.as_uri())
        assert b.errors() == []
        assert b.evaluate("document.querySelectorAll('a.explain-link').length") == 0
        assert b.evaluate("document.querySelector('[data-table=exit-credit] tbody td').textContent")
        assert b.evaluate("document.getElementById('explain-dialog').open") is False
        assert b.evaluate("document.getElementById('groups-note').textContent").startswith("No group marts")
        assert b.evaluate("document.querySelectorAll('[data-chart^=groups-]').length") == 0


ACTIONS_TABLE = """JSON.stringify(Array.from(document.querySelectorAll('[data-table=actions-by-branch] tr'))
  .map(function (tr) { return Array.from(tr.cells).map(function (td) {
    return td.getAttribute('data-value') || td.textContent; }); }))"""


def test_the_actions_table_counts_each_branchs_actions_by_action_and_priority(browser, history_warehouse):
    """The per-branch actions table: the latest as_of_date of mart_manager_actions, one row
    per branch, one column per action x priority, the total and the actions without a manager,
    each the count SQL gives; the branch filter keeps that branch's row."""
    (as_of,) = history_warehouse.query("select max(as_of_date) from marts.mart_manager_actions")[0]
    expected: dict[str, dict] = {}
    for branch, action, priority, n, unassigned in history_warehouse.query(
        """select branch_id, action_code, priority, count(*), count(*) - count(manager_id)
           from marts.mart_manager_actions where as_of_date = ? group by all""",
        [as_of],
    ):
        row = expected.setdefault(branch, {"cells": {}, "total": 0, "unassigned": 0})
        row["cells"][(payload.ACTION_NAMES[action], priority)] = n
        row["total"] += n
        row["unassigned"] += unassigned
    assert expected, "the history warehouse has actions"
    choose(browser, "region", "all / 全部")
    header, *rows = json.loads(browser.evaluate(ACTIONS_TABLE))
    assert header[:2] == ["branch / 机构", "region / 区域"]
    assert header[-2:] == ["total / 合计", "without a manager / 无客户经理"]
    pairs = [tuple(h.rsplit(" · P", 1)) for h in header[2:-2]]
    assert {(name, int(p)) for name, p in pairs} == {k for r in expected.values() for k in r["cells"]}
    found = {}
    for row in rows:
        cells = {(name, int(p)): int(v) for (name, p), v in zip(pairs, row[2:-2], strict=True) if int(v)}
        found[row[0]] = {"cells": cells, "total": int(row[-2]), "unassigned": int(row[-1])}
    assert found == expected
    note = browser.evaluate("document.getElementById('actions-note').textContent")
    assert str(as_of) in note and "reports/actions/" in note
    branch = sorted(expected)[0]
    choose(browser, "branch", branch)
    _, *rows = json.loads(browser.evaluate(ACTIONS_TABLE))
    assert [r[0] for r in rows] == [branch]
    choose(browser, "branch", "all / 全部")


def test_without_the_actions_mart_the_report_hides_the_actions_table(history_warehouse, tmp_path):
    old = tmp_path / "old.duckdb"
    with duckdb.connect(str(old)) as con:
        con.execute(f"attach '{history_warehouse.database}' as src (read_only)")
        con.execute("create schema marts")
        for (table,) in con.execute(
            "select table_name from duckdb_tables() where database_name = 'src' and schema_name = 'marts' "
            "and table_name <> 'mart_manager_actions'"
        ).fetchall():
            con.execute(f"create table marts.{table} as select * from src.marts.{table}")
    output = tmp_path / "report.html"
    result = run_report(old, output)
    assert result.returncode == 0, result.stdout + result.stderr
    assert '"actions":null' in output.read_text(encoding="utf-8")
    with headless.Browser(width=1280, height=900) as b:
        b.open(output.as_uri())
        assert b.errors() == []
        assert b.evaluate("document.getElementById('actions-section').hidden") is True


def test_the_same_marts_give_the_same_report(history_warehouse, report_file, tmp_path):
    """Reproducible: a second report of the same marts has the same bytes (but the time it
    was generated), the embedded cards included."""
    again = tmp_path / "again.html"
    result = run_report(history_warehouse.database, again)
    assert result.returncode == 0, result.stdout + result.stderr

    def stable(text: str) -> str:
        return re.sub(r"generated / 生成于 [0-9: -]+", "", text)

    assert stable(again.read_text(encoding="utf-8")) == stable(report_file.read_text(encoding="utf-8"))
    assert '"deflated":"' in again.read_text(encoding="utf-8")


def test_make_runs_the_browser_setup_before_the_tests_and_demo_writes_report_and_docs():
    def dry_run(*args: str) -> str:
        return make_dry_run(*args, DBT_DUCKDB_PATH="somewhere/w.duckdb", BI_DUCKDB_PATH="elsewhere/bi.duckdb")

    test = dry_run("test")
    assert test.index("setup_browser.sh") < test.index("pytest")
    assert test.index("vendor_echarts.sh") < test.index("pytest")
    report_ = dry_run("report")
    assert report_.index("vendor_echarts.sh") < report_.index("report.py")
    demo = dry_run("demo")
    order = [
        demo.index(step)
        for step in (
            "generate_demo_data.py",
            "backfill.py",
            "quality_gate.py",
            "publish.py",
            "report.py",
            "dbt docs generate",
            "summary.py",
        )
    ]
    assert order == sorted(order)
    # the report reads the published copy of the marts (scripts/publish.py)
    assert "publish.py --database somewhere/w.duckdb --output elsewhere/bi.duckdb" in demo
    assert "report.py --database elsewhere/bi.duckdb --output reports/segmentation_report.html" in demo

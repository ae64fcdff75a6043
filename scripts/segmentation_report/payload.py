"""The data the page embeds: one JSON-ready object of columnar arrays whose codes are indexes
into its dictionaries (as_of_dates, regions, branches, tiers, segments, ...), holding the
tier x segment totals of marts.mart_segment_summary, each branch's figures from the segment
fact, the lifecycle and risk mix, the segment migration, the two top lists and their
customers' explanation cards, the largest groups (集团) with their members' segments, the
quadrants and their cutoff lines, the Chinese labels and the colours of the codes."""

from __future__ import annotations

from dataclasses import dataclass

import duckdb

from . import explanations
from .cutoffs import cutoff_lines
from .encoding import index_of, money, yuan
from .marts import (
    LIFECYCLE_ORDER,
    POPULATIONS,
    PROSPECT_SEGMENT_ORDER,
    RISK_ORDER,
    SEGMENT_ORDER,
    TIER_ORDER,
    columns,
    labels_of,
    ordered,
    relation_exists,
)
from .quadrants import CELL_BUDGET, POINTS_PER_CHART, SYMLOG_C, quadrant_data

# Rows of each top list. For every as_of_date x branch x tier the file keeps its top rows,
# TOP_ROWS of them or fewer (not under 5) when there are so many groups that TOP_BUDGET rows
# would not hold TOP_ROWS each; the page then shows only the rows it knows to be the top of
# the filter (those above every shortened group's last kept row) and says so.
TOP_ROWS = 20
TOP_BUDGET = 12000
# The top lists' customers whose explanation card the file embeds, per list: all of its
# rows when they are at most CARD_BUDGET, else each as_of_date's first TOP_ROWS (what the
# list shows unfiltered) and the first rows of every as_of_date x branch x tier, as many
# as the budget holds; the others' cards give the command that prints them.
CARD_BUDGET = 2000
# Rows of each groups list: each as_of_date's largest groups by credit exposure and by
# profit contribution (groups span branches and regions, so the lists are the bank's).
GROUP_ROWS = 10

COLOURS = {
    "important": "#1b7f4b",
    "quality": "#2f6fb3",
    "ordinary": "#d99a21",
    "exit": "#c23b32",
    "gold": "#c9a100",
    "potential": "#17918f",
    "watch": "#7b4fb3",
    "general": "#8a8f98",
    "none": "#b8bcc4",
    "new": "#4aa3df",
    "active": "#2e8b57",
    "loyal": "#1d4e89",
    "dormant": "#e0a030",
    "churned": "#c0392b",
    "low": "#3a9d5d",
    "medium": "#e3a72f",
    "high": "#c23b32",
    "not_rated": "#9aa0a8",
}


@dataclass
class Codes:
    """The payload's dictionaries, in the order the page lists them, and each one's index."""

    dates: list
    regions: list
    branches: list
    branch_rows: list  # (branch_id, region_code)
    tiers: list
    segments: list
    prospect_segments: list
    migration_codes: list
    lifecycles: list
    risks: list

    def __post_init__(self) -> None:
        self.d_ix, self.r_ix, self.b_ix = index_of(self.dates), index_of(self.regions), index_of(self.branches)
        self.t_ix, self.s_ix = index_of(self.tiers), index_of(self.segments)
        self.ps_ix, self.m_ix = index_of(self.prospect_segments), index_of(self.migration_codes)
        self.l_ix, self.k_ix = index_of(self.lifecycles), index_of(self.risks)


def read_codes(con: duckdb.DuckDBPyConnection) -> Codes:
    """The as_of_dates, regions, branches and codes the marts hold."""
    dates = [
        r[0] for r in con.execute("select distinct as_of_date from marts.fct_customer_segments order by 1").fetchall()
    ]
    if not dates:
        raise SystemExit("report: marts.fct_customer_segments is empty; build the warehouse first (dbt build)")
    branch_rows = con.execute("""
        select branch_id, max(region_code) from (
            select branch_id, region_code from marts.fct_customer_segments
            union all select branch_id, region_code from marts.fct_prospect_segments)
        group by branch_id order by branch_id""").fetchall()
    regions = sorted(
        {r for _, r in branch_rows if r is not None}
        | {
            r
            for (r,) in con.execute(
                "select distinct region_code from marts.mart_segment_summary where region_code is not null"
            ).fetchall()
        }
    )
    tiers = ordered(
        [
            r[0]
            for r in con.execute("""
        select distinct tier_code from marts.fct_customer_segments union
        select distinct tier_code from marts.fct_prospect_segments""").fetchall()
        ],
        TIER_ORDER,
    )
    segments = ordered(
        [r[0] for r in con.execute("select distinct segment_code from marts.fct_customer_segments").fetchall()],
        SEGMENT_ORDER,
    )
    prospect_segments = ordered(
        [r[0] for r in con.execute("select distinct segment_code from marts.fct_prospect_segments").fetchall()],
        PROSPECT_SEGMENT_ORDER,
    )
    lifecycles = ordered(
        [r[0] for r in con.execute("select distinct lifecycle_stage from marts.fct_customer_segments").fetchall()],
        LIFECYCLE_ORDER,
    )
    risks = ordered(
        [r[0] for r in con.execute("select distinct risk_grade from marts.fct_customer_segments").fetchall()],
        RISK_ORDER,
    )
    return Codes(
        dates=dates,
        regions=regions,
        branches=[b for b, _ in branch_rows],
        branch_rows=branch_rows,
        tiers=tiers,
        segments=segments,
        prospect_segments=prospect_segments,
        migration_codes=ordered(segments + ["none"], SEGMENT_ORDER + ["none"]),
        lifecycles=lifecycles,
        risks=risks,
    )


def summaries(con: duckdb.DuckDBPyConnection, c: Codes) -> tuple[dict, dict]:
    """The tier x segment totals of the existing customers and of the target prospects:
    mart_segment_summary's rows (population x region x class x tier x segment), added up
    over market class, not recounted."""
    summary = columns(
        con,
        """
        select as_of_date, population, region_code, tier_code, segment_code, sum(customers) as n,
               sum(profit_contribution) as p, sum(deposit_adb_cny) as dep, sum(credit_balance_cny) as cr
        from marts.mart_segment_summary group by all order by all""",
    )
    existing = [i for i, p in enumerate(summary["population"]) if p == "existing"]
    target = [i for i, p in enumerate(summary["population"]) if p == "target"]

    def pick(key: str, rows: list[int]) -> list:
        return [summary[key][i] for i in rows]

    return {
        "d": [c.d_ix[v] for v in pick("as_of_date", existing)],
        "r": [c.r_ix[v] for v in pick("region_code", existing)],
        "t": [c.t_ix[v] for v in pick("tier_code", existing)],
        "s": [c.s_ix[v] for v in pick("segment_code", existing)],
        "n": pick("n", existing),
        "p": money(pick("p", existing)),
        "dep": money(pick("dep", existing)),
        "cr": money(pick("cr", existing)),
    }, {
        "d": [c.d_ix[v] for v in pick("as_of_date", target)],
        "r": [c.r_ix[v] for v in pick("region_code", target)],
        "t": [c.t_ix[v] for v in pick("tier_code", target)],
        "s": [c.ps_ix[v] for v in pick("segment_code", target)],
        "n": pick("n", target),
    }


def by_branch(con: duckdb.DuckDBPyConnection, c: Codes) -> tuple[dict, dict]:
    """Each branch's tier x segment figures, for a branch filter: the summary mart has no
    branch, so they are the segment facts' (existing customers, target prospects) by branch."""
    rows = columns(
        con,
        """
        select s.as_of_date, s.branch_id, s.tier_code, s.segment_code, count(*) as n,
               sum(s.profit_contribution) as p, sum(m.deposit_adb_cny) as dep, sum(m.credit_balance_cny) as cr
        from marts.fct_customer_segments as s
        inner join marts.fct_customer_metrics as m on s.as_of_date = m.as_of_date and s.customer_id = m.customer_id
        group by all order by all""",
    )
    prospects = columns(
        con,
        """
        select as_of_date, branch_id, tier_code, segment_code, count(*) as n
        from marts.fct_prospect_segments group by all order by all""",
    )
    return {
        "d": [c.d_ix[v] for v in rows["as_of_date"]],
        "b": [c.b_ix[v] for v in rows["branch_id"]],
        "t": [c.t_ix[v] for v in rows["tier_code"]],
        "s": [c.s_ix[v] for v in rows["segment_code"]],
        "n": rows["n"],
        "p": yuan(rows["p"]),
        "dep": yuan(rows["dep"]),
        "cr": yuan(rows["cr"]),
    }, {
        "d": [c.d_ix[v] for v in prospects["as_of_date"]],
        "b": [c.b_ix[v] for v in prospects["branch_id"]],
        "t": [c.t_ix[v] for v in prospects["tier_code"]],
        "s": [c.ps_ix[v] for v in prospects["segment_code"]],
        "n": prospects["n"],
    }


def mix(con: duckdb.DuckDBPyConnection, c: Codes) -> dict:
    """The existing customers by lifecycle stage and by risk grade."""
    out = {}
    for key, column, index in (("lifecycle", "lifecycle_stage", c.l_ix), ("risk", "risk_grade", c.k_ix)):
        rows = columns(
            con,
            f"""
            select as_of_date, branch_id, tier_code, {column} as c, count(*) as n
            from marts.fct_customer_segments group by all order by all""",
        )
        out[key] = {
            "d": [c.d_ix[v] for v in rows["as_of_date"]],
            "b": [c.b_ix[v] for v in rows["branch_id"]],
            "t": [c.t_ix[v] for v in rows["tier_code"]],
            "c": [index[v] for v in rows["c"]],
            "n": rows["n"],
        }
    return out


def migration(con: duckdb.DuckDBPyConnection, c: Codes) -> dict:
    """The segment migration: the pairs of mart_segment_migration, each customer on the
    branch and tier of its later side."""
    rows = columns(
        con,
        """
        with pairs as (
            select to_as_of_date, max(from_as_of_date) as from_as_of_date
            from marts.mart_segment_migration group by to_as_of_date),
        from_side as (
            select pairs.from_as_of_date, pairs.to_as_of_date, s.customer_id, s.segment_code, s.branch_id, s.tier_code
            from pairs inner join marts.fct_customer_segments as s on s.as_of_date = pairs.from_as_of_date),
        to_side as (
            select pairs.from_as_of_date, pairs.to_as_of_date, s.customer_id, s.segment_code, s.branch_id, s.tier_code
            from pairs inner join marts.fct_customer_segments as s on s.as_of_date = pairs.to_as_of_date)
        select coalesce(f.from_as_of_date, t.from_as_of_date) as f_date, coalesce(f.to_as_of_date, t.to_as_of_date) as t_date,
               coalesce(t.branch_id, f.branch_id) as b, coalesce(t.tier_code, f.tier_code) as t,
               coalesce(f.segment_code, 'none') as fs, coalesce(t.segment_code, 'none') as ts, count(*) as n
        from from_side as f full outer join to_side as t
            on f.from_as_of_date = t.from_as_of_date and f.to_as_of_date = t.to_as_of_date and f.customer_id = t.customer_id
        group by all order by all""",
    )
    return {
        "from": {str(c.d_ix[t]): c.d_ix[f] for f, t in zip(rows["f_date"], rows["t_date"])},
        "d": [c.d_ix[v] for v in rows["t_date"]],
        "b": [c.b_ix[v] for v in rows["b"]],
        "t": [c.t_ix[v] for v in rows["t"]],
        "fs": [c.m_ix[v] for v in rows["fs"]],
        "ts": [c.m_ix[v] for v in rows["ts"]],
        "n": rows["n"],
    }


def top_rows(con: duckdb.DuckDBPyConnection, c: Codes, relation_sql: str, value: str) -> tuple[dict, dict]:
    """A top list's rows by `value`, kept for every as_of_date x branch x tier (TOP_ROWS of
    them or fewer), and the shortened groups with their last kept value."""
    groups = con.execute(
        f"select count(*) from (select distinct as_of_date, branch_id, tier_code from ({relation_sql}))"
    ).fetchone()[0]
    keep = max(5, min(TOP_ROWS, TOP_BUDGET // max(groups, 1)))
    rows = columns(
        con,
        f"""
        select * from (
            select *, row_number() over (partition by as_of_date, branch_id, tier_code
                                         order by {value} desc, id) as rank,
                      count(*) over (partition by as_of_date, branch_id, tier_code) as group_rows
            from ({relation_sql}))
        where rank <= {keep} order by as_of_date, branch_id, tier_code, rank""",
    )
    # the shortened groups and their last kept value
    cut = [i for i, (rank, n) in enumerate(zip(rows["rank"], rows["group_rows"])) if rank == keep and n > keep]
    cuts = {
        "d": [c.d_ix[rows["as_of_date"][i]] for i in cut],
        "b": [c.b_ix[rows["branch_id"][i]] for i in cut],
        "t": [c.t_ix[rows["tier_code"][i]] for i in cut],
        "v": (yuan if value == "credit" else money)([rows[value][i] for i in cut]),
    }
    return rows, cuts


def top_lists(con: duckdb.DuckDBPyConnection, c: Codes) -> tuple[dict, dict]:
    """The two top lists: the largest credit balances in the exit segment, the gold
    prospects by potential value."""
    exits, exit_cuts = top_rows(
        con,
        c,
        """
        select s.as_of_date, s.branch_id, s.tier_code, s.customer_id as id, cast(m.credit_balance_cny as double) as credit,
               cast(s.profit_contribution as double) as x, cast(s.bank_value_score as double) as y, s.risk_grade
        from marts.fct_customer_segments as s
        inner join marts.fct_customer_metrics as m on s.as_of_date = m.as_of_date and s.customer_id = m.customer_id
        where s.segment_code = 'exit' and m.credit_balance_cny > 0""",
        "credit",
    )
    golds, gold_cuts = top_rows(
        con,
        c,
        """
        select as_of_date, branch_id, tier_code, prospect_id as id, cast(potential_value_score as double) as x,
               cast(target_bank_value_score as double) as y
        from marts.fct_prospect_segments where segment_code = 'gold'""",
        "x",
    )
    return {
        "d": [c.d_ix[v] for v in exits["as_of_date"]],
        "b": [c.b_ix[v] for v in exits["branch_id"]],
        "t": [c.t_ix[v] for v in exits["tier_code"]],
        "id": exits["id"],
        "credit": yuan(exits["credit"]),
        "x": yuan(exits["x"]),
        "y": money(exits["y"]),
        "risk": [c.k_ix[v] for v in exits["risk_grade"]],
        "cuts": exit_cuts,
    }, {
        "d": [c.d_ix[v] for v in golds["as_of_date"]],
        "b": [c.b_ix[v] for v in golds["branch_id"]],
        "t": [c.t_ix[v] for v in golds["tier_code"]],
        "id": golds["id"],
        "x": money(golds["x"]),
        "y": money(golds["y"]),
        "cuts": gold_cuts,
    }


def carded(src: dict, value: str, dates: int) -> tuple[list[int], int | None]:
    """The rows of a top list (top_lists' columns, ordered by as_of_date, branch, tier and
    rank) whose card the file embeds, and how many of each group's first rows that is (None:
    every row)."""
    n = len(src["id"])
    if n <= CARD_BUDGET:
        return list(range(n)), None
    groups, rank = [], []
    for i in range(n):
        key = (src["d"][i], src["b"][i], src["t"][i])
        rank.append(rank[-1] + 1 if groups and groups[-1] == key else 1)
        groups.append(key)
    keep = max(0, (CARD_BUDGET - dates * TOP_ROWS) // len(set(groups)))
    chosen = {i for i in range(n) if rank[i] <= keep}
    for d in range(dates):
        # the page's order (report.js, top): value descending (none as 0), then id
        rows = sorted((i for i in range(n) if src["d"][i] == d), key=lambda i: (-(src[value][i] or 0), src["id"][i]))
        chosen.update(rows[:TOP_ROWS])
    return sorted(chosen), keep


def cards(con: duckdb.DuckDBPyConnection, c: Codes, exits: dict, golds: dict) -> dict | None:
    """The explanation cards of the top lists' customers (explanations.embedded; None when
    the file has no explanations mart), with how many of each group's first rows they cover."""
    keys, first = {}, {}
    for population, src, value in (("existing", exits, "credit"), ("target", golds, "x")):
        rows, first[population] = carded(src, value, len(c.dates))
        keys[population] = [(c.dates[src["d"][i]], src["id"][i], src["d"][i]) for i in rows]
    found = explanations.embedded(con, keys)
    return None if found is None else {**found, "first": first}


def groups(con: duckdb.DuckDBPyConnection, c: Codes) -> dict | None:
    """Each as_of_date's GROUP_ROWS largest groups by credit exposure (those with any) and by
    profit contribution (those with customers), ranked by value then group_id, from
    marts.fct_group_summary, with their members counted per segment from
    marts.fct_group_members (customers' segments, then prospects'), and the number of groups
    per as_of_date; None when the file has no group marts."""
    if not all(relation_exists(con, "marts", name) for name in ("fct_group_summary", "fct_group_members")):
        return None
    kept = f"""
        with by_exposure as (
            select as_of_date, group_id,
                   row_number() over (partition by as_of_date order by credit_exposure_cny desc, group_id) as rank
            from marts.fct_group_summary where credit_exposure_cny > 0),
        by_profit as (
            select as_of_date, group_id,
                   row_number() over (partition by as_of_date order by profit_contribution desc, group_id) as rank
            from marts.fct_group_summary where customer_members > 0)
        select g.*, e.rank as rx, p.rank as rp
        from marts.fct_group_summary as g
        left join by_exposure as e on g.as_of_date = e.as_of_date and g.group_id = e.group_id and e.rank <= {GROUP_ROWS}
        left join by_profit as p on g.as_of_date = p.as_of_date and g.group_id = p.group_id and p.rank <= {GROUP_ROWS}
        where e.rank is not null or p.rank is not null"""
    rows = columns(
        con,
        f"""
        select as_of_date, group_id, group_name, customer_members, prospect_members,
               cast(credit_exposure_cny as double) as exposure, cast(profit_contribution as double) as profit,
               cast(exposure_concentration as double) as share, highest_tier_code, worst_risk_grade,
               is_strategic, strategic_until, is_strategic_ending_this_month, rx, rp
        from ({kept}) order by as_of_date, group_id""",
    )
    mix_rows = con.execute(f"""
        select m.as_of_date, m.group_id, m.member_type, m.segment_code, count(*)
        from marts.fct_group_members as m
        inner join ({kept}) as k on m.as_of_date = k.as_of_date and m.group_id = k.group_id
        group by all""").fetchall()
    found: dict = {}
    for as_of_date, group_id, member_type, segment, n in mix_rows:
        codes, index = (c.segments, c.s_ix) if member_type == "customer" else (c.prospect_segments, c.ps_ix)
        counts = found.setdefault((as_of_date, group_id, member_type), [0] * len(codes))
        counts[index[segment]] = n
    keys = list(zip(rows["as_of_date"], rows["group_id"]))
    per_date = dict(con.execute("select as_of_date, count(*) from marts.fct_group_summary group by 1").fetchall())
    return {
        "d": [c.d_ix[v] for v in rows["as_of_date"]],
        "id": rows["group_id"],
        "name": rows["group_name"],
        "cm": rows["customer_members"],
        "pm": rows["prospect_members"],
        "cs": [found.get((d, g, "customer"), [0] * len(c.segments)) for d, g in keys],
        "ps": [found.get((d, g, "prospect"), [0] * len(c.prospect_segments)) for d, g in keys],
        "exposure": yuan(rows["exposure"]),
        "profit": yuan(rows["profit"]),
        "share": money(rows["share"], 8),
        "tier": [None if v is None else c.t_ix[v] for v in rows["highest_tier_code"]],
        "risk": [None if v is None else c.k_ix[v] for v in rows["worst_risk_grade"]],
        "strategic": [int(bool(v)) for v in rows["is_strategic"]],
        "until": [None if v is None else v.isoformat() for v in rows["strategic_until"]],
        "ending": [int(bool(v)) for v in rows["is_strategic_ending_this_month"]],
        "rx": rows["rx"],
        "rp": rows["rp"],
        "rows": GROUP_ROWS,
        "count": [per_date.get(d, 0) for d in c.dates],
    }


def quadrants_and_cutoffs(con: duckdb.DuckDBPyConnection, c: Codes, labels: dict) -> tuple[dict, dict]:
    """Each population's quadrants (quadrants.quadrant_data; the existing customers first,
    with 70% of CELL_BUDGET, the target prospects with what they left) and its cutoff lines
    (cutoffs.cutoff_lines), each group named in codes and in Chinese."""
    quadrants, cutoffs = {}, {}
    cell_budget = CELL_BUDGET
    for population, codes, share in (("existing", c.segments, 0.7), ("target", c.prospect_segments, 1.0)):
        lines = cutoff_lines(con, population)
        quadrants[population] = quadrant_data(
            con, population, c.dates, c.branches, c.tiers, codes, lines, int(cell_budget * share)
        )
        cell_budget -= len(quadrants[population]["cells"]["n"])
        cutoffs[population] = {
            "d": [c.d_ix[ln.as_of_date] for ln in lines],
            "t": [c.t_ix[ln.tier_code] for ln in lines],
            "group": [" · ".join(ln.group) for ln in lines],
            "group_zh": [
                "·".join(labels.get(g, {}).get(v, v) for g, v in zip(POPULATIONS[population][2], ln.group))
                for ln in lines
            ],
            "dim": [ln.dimension for ln in lines],
            "v": [ln.value for ln in lines],
            "method": [ln.method for ln in lines],
            "cutoff": [ln.cutoff for ln in lines],
            "members": [ln.members for ln in lines],
            "r": [-1 if ln.region is None or ln.branch is not None else c.r_ix.get(ln.region, -1) for ln in lines],
            "b": [-1 if ln.branch is None else c.b_ix[ln.branch] for ln in lines],
        }
    return quadrants, cutoffs


# The work lists' actions (mart_manager_actions, docs/segmentation_rules.md §15), in the
# table's column order, with their names.
ACTION_NAMES = {
    "retention": "retention / 客户挽留",
    "visit_overdue": "visit overdue / 拜访逾期",
    "prospect_follow_up": "prospect follow-up / 目标客户跟进",
    "cross_sell": "cross-sell / 交叉销售",
}


def actions(con: duckdb.DuckDBPyConnection, c: Codes) -> dict | None:
    """The per-branch actions table of the latest as_of_date of mart_manager_actions: the
    actions by branch x action x priority, and how many of them have no relationship manager
    (the branch's own list). None when the file has no such mart or it is empty."""
    if not relation_exists(con, "marts", "mart_manager_actions"):
        return None
    (latest,) = con.execute("select max(as_of_date) from marts.mart_manager_actions").fetchone()
    if latest is None:
        return None
    rows = columns(
        con,
        """
        select branch_id, action_code, priority, count(*) as n, count(*) - count(manager_id) as unassigned
        from marts.mart_manager_actions where as_of_date = ?
        group by all order by all""",
        [latest],
    )
    codes = ordered(set(rows["action_code"]), list(ACTION_NAMES))
    return {
        "date": latest.isoformat(),
        "codes": codes,
        "names": [ACTION_NAMES.get(code, code) for code in codes],
        "b": [c.b_ix.get(v, -1) for v in rows["branch_id"]],
        "branchIds": rows["branch_id"],
        "a": [codes.index(v) for v in rows["action_code"]],
        "p": rows["priority"],
        "n": rows["n"],
        "u": rows["unassigned"],
    }


def build_data(con: duckdb.DuckDBPyConnection) -> dict:
    """The page's payload, read from the marts of `con`."""
    c = read_codes(con)
    labels = labels_of(con)
    summary, target_summary = summaries(con, c)
    branch_figures, prospect_branch_figures = by_branch(con, c)
    exits, golds = top_lists(con, c)
    explained = cards(con, c, exits, golds)
    largest_groups = groups(con, c)
    rejected = (
        con.execute("select count(*) from marts.dq_rejected_rows").fetchone()[0]
        if relation_exists(con, "marts", "dq_rejected_rows")
        else None
    )
    quadrants, cutoffs = quadrants_and_cutoffs(con, c, labels)
    return {
        "dates": [d.isoformat() for d in c.dates],
        "regions": c.regions,
        "branches": c.branches,
        "branchRegion": [c.r_ix.get(r) for _, r in c.branch_rows],
        "tiers": c.tiers,
        "segments": c.segments,
        "prospectSegments": c.prospect_segments,
        "migrationCodes": c.migration_codes,
        "lifecycles": c.lifecycles,
        "risks": c.risks,
        "labels": labels,
        "colours": COLOURS,
        "symlogC": SYMLOG_C,
        "pointsPerChart": POINTS_PER_CHART,
        "rejected": rejected,
        "summary": summary,
        "targetSummary": target_summary,
        "byBranch": branch_figures,
        "prospectsByBranch": prospect_branch_figures,
        "mix": mix(con, c),
        "migration": migration(con, c),
        "exits": exits,
        "golds": golds,
        "explanations": explained,
        "actions": actions(con, c),
        "groups": largest_groups,
        "quadrants": quadrants,
        "cutoffs": cutoffs,
    }

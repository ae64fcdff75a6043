"""Why a customer is where it is, as a readable card: the rows of
marts.fct_customer_explanations (one per as_of_date x population x customer or prospect)
laid out in sections (class, tier, segment, lifecycle, risk, service level, value
drivers), each with its figures aligned and the mart's reason in Chinese and/or English.

scripts/explain.py prints the card of one customer; the report embeds the cards of its top
lists' customers (`embedded`), so that clicking a customer opens the same text. A card is
plain text: its columns are aligned by display width (a Chinese character takes two
columns in a terminal and in the page's monospace font)."""

from __future__ import annotations

import base64
import datetime as dt
import json
import unicodedata
import zlib
from decimal import ROUND_HALF_UP, Decimal

import duckdb

from .marts import relation_exists

RELATION = "marts.fct_customer_explanations"
LANGUAGES = ("zh", "en", "both")
# A card line's mask: the languages (bits) whose card holds the line.
BITS = {"zh": 1, "en": 2, "both": 4}

# The card's sections: key, heading (en, zh), figures [(column, label en, label zh, kind)],
# and the text column (<name>_zh, <name>_en) that gives the reason. kind: "code" (shown with
# its Chinese label), "text", "amount" (a tier value or threshold: its basis says what).
SECTIONS = [
    (
        "class",
        ("Class", "分类"),
        [
            ("credit_status", "credit status", "授信状态", "code"),
            ("market_class", "market class", "市场分类", "code"),
            ("market_segment", "market segment", "细分市场", "code"),
        ],
        "class_reason",
    ),
    (
        "tier",
        ("Tier", "分层"),
        [
            ("tier_code", "tier", "分层", "code"),
            ("tier_basis", "basis", "分层依据", "code"),
            ("tier_value", "customer's value", "客户数值", "amount"),
            ("tier_threshold", "threshold", "门槛值", "amount"),
            ("tier_threshold_source", "threshold from", "门槛来源", "text"),
        ],
        "tier_reason",
    ),
    (
        "segment",
        ("Segment", "客户群细分"),
        [
            ("segment_code", "segment", "客户群", "code"),
            ("cutoff_scope", "cutoffs' scope", "切分值范围", "text"),
        ],
        "segment_reason",
    ),
    ("lifecycle", ("Lifecycle", "生命周期"), [("lifecycle_stage", "stage", "阶段", "code")], "lifecycle_reason"),
    ("risk", ("Risk", "风险"), [("risk_grade", "grade", "风险等级", "code")], "risk_reason"),
    ("service", ("Service level", "服务等级"), [("service_level", "level", "服务等级", "code")], "service_reason"),
    ("drivers", ("Value drivers", "银行价值驱动因素"), [], "value_drivers"),
]
# The segment section's measures (x: profit contribution for customers, potential value
# score for prospects; y: bank value score): value, percent rank within the 分层客户群, the
# cutoff and its method (percent_rank: the cutoff is a rank; absolute: a value). A measure
# the row has none of is left out.
MEASURES = [
    (
        ("profit_contribution", "profit_percent_rank", "profit_cutoff", "x_cutoff_method"),
        "profit contribution (CNY)",
        "利润贡献度（元）",
    ),
    (
        ("potential_value_score", "potential_percent_rank", "potential_cutoff", "x_cutoff_method"),
        "potential value score",
        "潜在价值贡献度",
    ),
    (
        ("bank_value_score", "bank_value_percent_rank", "bank_value_cutoff", "y_cutoff_method"),
        "bank value score",
        "银行价值得分",
    ),
]
MEASURE_HEADINGS = (("value", "数值"), ("rank", "排名"), ("cutoff", "切分值"), ("method", "方法"))
RANK_METHOD = "percent_rank"
# The columns whose codes the card shows with their Chinese label (the marts' <column>_zh).
CODE_COLUMNS = [column for _, _, figures, _ in SECTIONS for column, _, _, kind in figures if kind == "code"]
INDENT = "  "


class ExplanationError(Exception):
    """The explanation cannot be given: no mart, no such date or customer. The message says why."""


# -- formatting -------------------------------------------------------------------------
def width(text: str) -> int:
    """Display width: East Asian wide and full-width characters take two columns."""
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def pad(text: str, columns: int, right: bool = False) -> str:
    """`text` padded with spaces to `columns` display columns (on the left when `right`)."""
    fill = " " * max(0, columns - width(text))
    return fill + text if right else text + fill


def number(value, kind: str, decimals: int = 2) -> str:
    """A figure as the card shows it (percent ranks in %, rounded half up as SQL's round
    does; amounts and scores with `decimals` places); '–' when there is none."""
    if value is None:
        return "–"
    if kind == "rank":
        return f"{(Decimal(str(value)) * 100).quantize(Decimal('0.01'), ROUND_HALF_UP)}%"
    if isinstance(value, (int, float, Decimal)):
        return f"{Decimal(str(value)).quantize(Decimal(1).scaleb(-decimals), ROUND_HALF_UP):,}"
    return str(value)


def decimals_of(values: list) -> int:
    """0 when every amount is whole (a count, or whole yuan), else 2."""
    return 0 if all(v is None or float(v).is_integer() for v in values) else 2


def pick(lang: str, en: str, zh: str) -> str:
    """A label in `lang` ('both': English / Chinese)."""
    if lang == "zh":
        return zh
    if lang == "en":
        return en
    return f"{en} / {zh}"


def code_text(value, column: str, labels: dict, lang: str) -> str:
    """A code with its Chinese label (labels: code type -> code -> label), as `lang` wants it."""
    if value is None:
        return "–"
    label = labels.get(column, {}).get(value)
    if not label or lang == "en":
        return str(value)
    return f"{label} {value}" if lang == "zh" else f"{value} {label}"


def aligned(pairs: list[tuple[str, str]]) -> list[str]:
    """(label, value) pairs as lines whose values start in one column."""
    if not pairs:
        return []
    left = max(width(label) for label, _ in pairs) + 2
    return [INDENT + pad(label, left) + value for label, value in pairs]


def table(headers: list[str], rows: list[list[str]]) -> list[str]:
    """A small table: the first column left-aligned, the others right-aligned."""
    columns = [max(width(cell) for cell in column) for column in zip(headers, *rows)]
    lines = []
    for row in [headers, *rows]:
        cells = [pad(row[0], columns[0])] + [pad(cell, n, right=True) for cell, n in zip(row[1:], columns[1:])]
        lines.append((INDENT + "   ".join(cells)).rstrip())
    return lines


def measures(row: dict, lang: str) -> list[str]:
    """The segment's measures as a table: value, percent rank, cutoff (a rank or a value,
    as its method says) and method."""
    rows = []
    for (value, rank, cutoff, method), en, zh in MEASURES:
        if all(row.get(c) is None for c in (value, rank, cutoff)):
            continue
        how = row.get(method)
        rows.append(
            [
                pick(lang, en, zh),
                number(row.get(value), "score"),
                number(row.get(rank), "rank"),
                number(row.get(cutoff), "rank" if how == RANK_METHOD else "score"),
                how or "–",
            ]
        )
    if not rows:
        return []
    return table([""] + [pick(lang, en, zh) for en, zh in MEASURE_HEADINGS], rows)


def reason_lines(row: dict, column: str) -> list[tuple[int, str]]:
    """The reason of a section as card lines (mask, text): its Chinese text in Chinese and
    in both, its English text in English and in both (after the Chinese); '–' where a
    language has none."""
    zh, en = ([INDENT + line for line in str(row.get(f"{column}_{code}") or "").splitlines()] for code in ("zh", "en"))
    if zh and en:
        return [(BITS["zh"] | BITS["both"], line) for line in zh] + [(BITS["en"] | BITS["both"], line) for line in en]
    none = [INDENT + "–"]
    return variants(lambda lang: {"zh": zh or none, "en": en or none, "both": zh + en or none}[lang])


def variants(make) -> list[tuple[int, str]]:
    """The lines `make(lang)` gives for each language as card lines (mask, text): the
    languages that give the same lines share them."""
    made = {lang: make(lang) for lang in LANGUAGES}
    groups: list[list[str]] = []
    for lang in LANGUAGES:
        same = next((group for group in groups if made[group[0]] == made[lang]), None)
        if same is None:
            groups.append([lang])
        else:
            same.append(lang)
    return [(sum(BITS[lang] for lang in group), line) for group in groups for line in made[group[0]]]


def card_lines(row: dict, labels: dict) -> list[tuple[int, str]]:
    """The card of one row of the mart (a dict of its columns) in every language at once:
    lines (mask, text), a line belonging to the languages whose BITS its mask holds, so that
    a reason written once serves both its language and the bilingual card. `labels` are the
    codes' Chinese labels (code_labels)."""
    as_of = row["as_of_date"]
    as_of = as_of.isoformat() if isinstance(as_of, dt.date) else str(as_of)

    def header(lang: str) -> list[str]:
        population = code_text(row.get("population"), "population", labels, lang)
        return [
            pick(lang, "Customer", "客户")
            + f" {row['customer_id']} · {population} · "
            + pick(lang, "as of", "观察日")
            + f" {as_of}",
            pick(lang, "branch", "机构")
            + f" {row.get('branch_id') or '–'} · "
            + pick(lang, "region", "区域")
            + f" {row.get('region_code') or '–'}",
        ]

    def figures_of(key: str, heading: tuple[str, str], figures: list):
        places = decimals_of([row.get(column) for column, _, _, kind in figures if kind == "amount"])

        def make(lang: str) -> list[str]:
            pairs = []
            for column, en, zh, kind in figures:
                value = row.get(column)
                shown = code_text(value, column, labels, lang) if kind == "code" else number(value, kind, places)
                pairs.append((pick(lang, en, zh), shown))
            return ["", pick(lang, *heading)] + aligned(pairs) + (measures(row, lang) if key == "segment" else [])

        return make

    lines = variants(header)
    for key, heading, figures, reason in SECTIONS:
        lines += variants(figures_of(key, heading, figures))
        lines += reason_lines(row, reason)
    return lines


def card(row: dict, labels: dict, lang: str = "both") -> str:
    """The card of one row of the mart in `lang` (zh, en, both): the lines of card_lines
    that belong to it."""
    if lang not in LANGUAGES:
        raise ValueError(f"lang must be one of {LANGUAGES}")
    return text_of(card_lines(row, labels), lang)


def text_of(lines: list[tuple[int, str]], lang: str) -> str:
    """The text of card lines in `lang` (what the report's page script does too)."""
    return "\n".join(text for mask, text in lines if mask & BITS[lang]) + "\n"


# -- reading the mart -------------------------------------------------------------------
def population_labels(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """The populations' Chinese names, as mart_segment_summary carries them."""
    if not relation_exists(con, "marts", "mart_segment_summary"):
        return {}
    return dict(
        con.execute(
            "select distinct population, population_zh from marts.mart_segment_summary "
            "where population_zh is not null order by 1, 2"
        ).fetchall()
    )


def code_labels(con: duckdb.DuckDBPyConnection) -> dict[str, dict[str, str]]:
    """The Chinese labels of the codes a card shows (CODE_COLUMNS), from the `<column>_zh`
    columns of the customer and prospect segment marts (labels.csv as the marts joined it),
    and of the populations."""
    found: dict[str, dict[str, str]] = {"population": population_labels(con)}
    have = set(
        con.execute(
            "select table_name, column_name from information_schema.columns where table_schema = 'marts' "
            "and table_name in ('fct_customer_segments', 'fct_prospect_segments')"
        ).fetchall()
    )
    for column in CODE_COLUMNS:
        for table in ("fct_customer_segments", "fct_prospect_segments"):
            if (table, column) in have and (table, f"{column}_zh") in have:
                for code, zh in con.execute(
                    f"select distinct {column}, {column}_zh from marts.{table} order by 1, 2"
                ).fetchall():
                    if code is not None and zh:
                        found.setdefault(column, {})[code] = zh
    return found


def require(con: duckdb.DuckDBPyConnection) -> None:
    """Stop with the reason when the file has no explanations mart."""
    if not relation_exists(con, "marts", "fct_customer_explanations"):
        raise ExplanationError(
            f"{RELATION} is missing in this file: build it with `dbt build` (make build, make daily or "
            "make backfill) and, for the published copy, `make publish`"
        )


def dates(con: duckdb.DuckDBPyConnection) -> list[dt.date]:
    """The as_of_dates the mart holds, oldest first."""
    return [r[0] for r in con.execute(f"select distinct as_of_date from {RELATION} order by 1").fetchall()]


def dates_text(values: list[dt.date]) -> str:
    """as_of_dates for a message: all of them when few, else the first and last few."""
    text = [d.isoformat() for d in values]
    if len(text) <= 12:
        return ", ".join(text) or "none"
    return ", ".join(text[:3]) + f", … ({len(text) - 6} more) …, " + ", ".join(text[-3:])


def rows_of(con: duckdb.DuckDBPyConnection, customer_id: str, as_of: dt.date | None = None) -> list[dict]:
    """The mart's rows of `customer_id` (a customer or a prospect: one row per population it
    is in) on `as_of` (default: the mart's latest as_of_date); ExplanationError when there
    are none, naming the dates that exist."""
    require(con)
    held = dates(con)
    if not held:
        raise ExplanationError(f"{RELATION} is empty: build the warehouse first (dbt build)")
    as_of = as_of or held[-1]
    if as_of not in held:
        raise ExplanationError(f"no as_of_date {as_of} in {RELATION}; it holds {dates_text(held)}")
    cursor = con.execute(
        f"select * from {RELATION} where as_of_date = ? and customer_id = ? order by population", [as_of, customer_id]
    )
    names = [d[0] for d in cursor.description]
    found = [dict(zip(names, row)) for row in cursor.fetchall()]
    if not found:
        other = [
            r[0]
            for r in con.execute(
                f"select distinct as_of_date from {RELATION} where customer_id = ? order by 1", [customer_id]
            ).fetchall()
        ]
        where = f"; it is there on {dates_text(other)}" if other else ", nor on any other as_of_date"
        raise ExplanationError(f"no customer or prospect {customer_id!r} in {RELATION} on {as_of}" + where)
    return found


# -- the report's embedded cards --------------------------------------------------------
def embedded(con: duckdb.DuckDBPyConnection, keys: dict[str, list[tuple]]) -> dict | None:
    """The cards of the customers `keys` names (population -> [(as_of_date, id, date index)]),
    for the report: None when the file has no explanations mart (an older warehouse).

    The cards are one JSON object {population: {"<date index>|<id>": [[mask, line], ...]}}
    (card_lines: the page keeps the lines whose mask holds its language's BITS), compressed with zlib (the page inflates it with the browser's
    DecompressionStream('deflate')) and written in base64: their text repeats from card to
    card, so this keeps the file small. The same rows give the same bytes."""
    if not relation_exists(con, "marts", "fct_customer_explanations"):
        return None
    labels = code_labels(con)
    cards: dict[str, dict[str, list]] = {}
    for population, wanted in keys.items():
        index = {(d, i): ix for d, i, ix in wanted}
        cards[population] = {}
        if not wanted:
            continue
        cursor = con.execute(
            f"""
            select e.* from {RELATION} as e
            inner join (select unnest(?::date[]) as as_of_date, unnest(?::varchar[]) as customer_id) as k
                on e.as_of_date = k.as_of_date and e.customer_id = k.customer_id
            where e.population = ?
            order by e.as_of_date, e.customer_id""",
            [[d for d, _ in index], [i for _, i in index], population],
        )
        names = [d[0] for d in cursor.description]
        for values in cursor.fetchall():
            row = dict(zip(names, values))
            key = f"{index[(row['as_of_date'], row['customer_id'])]}|{row['customer_id']}"
            cards[population][key] = card_lines(row, labels)
    text = json.dumps(cards, ensure_ascii=False, separators=(",", ":"), sort_keys=True).encode("utf-8")
    return {
        "cards": sum(len(v) for v in cards.values()),
        "bytes": len(text),
        "deflated": base64.b64encode(zlib.compress(text, 9)).decode("ascii"),
    }

#!/usr/bin/env python3
"""Check the seed CSVs as files, before dbt loads any of them.

Analysts edit seeds/*.csv, often in Excel. This reads every file the way a person sees it
and prints one line per problem, naming the file, the row (the row number Excel shows:
the header is row 1), the column, what is wrong and what to write instead. It exits 0
when every file is clean and 1 when there is any problem, so that `make build`, `make
demo`, `make daily` and scripts/backfill.py stop before dbt loads a wrong file.

What each seed must look like is read from seeds/_seeds.yml, never repeated here: its
`config.column_types` give each seed's columns (names and order) and types; its dbt
tests give the keys (`unique`, `unique_combination_of_columns`), the cells that must not
be empty (`not_null` without a `where`) and the ranges (`value_between` with numeric
bounds and no `where`). The one table kept here is PARAMETER_KIND_BOUNDS: the plausible
range of a parameters.csv value for each value_kind (documented in seeds/README.md).

The checks (seeds/README.md lists the messages):
- encoding: UTF-8 with or without a byte-order mark, LF or CRLF line ends; a file saved
  as GBK/GB18030 (Excel's plain "CSV" on Chinese Windows) or UTF-16 is named as such,
  any other byte that is not UTF-8 by its line and position;
- header: exactly the declared columns, by name and in order (the loader fills an
  existing table's columns by position, so a reordered column would load into the wrong
  one): a missing, renamed, extra, repeated or moved column is named;
- rows: no empty row, no repeated row, no repeated key, each row as many cells as the
  header;
- cells: numbers as plain digits (no thousands separators, full-width digits, percent
  signs, units such as 3亿 / 50万 / 元, scientific notation or spaces), whole numbers in
  integer columns, dates as YYYY-MM-DD, booleans as true/false, text within its
  varchar length and without spaces around it;
- parameters.csv: each value within the range of its value_kind (a rate typed as 10
  meaning 10 % is refused: "did you mean 0.10?").

check_seed_files(seed_dir, declared) is the reusable core: it checks any folder of seed
files (with partial=True a folder may hold only some seeds, e.g. proposed edits).

Usage:
    python scripts/check_seeds.py                       # seeds/ against seeds/_seeds.yml
    python scripts/check_seeds.py --seeds-dir proposed/ --partial
"""

from __future__ import annotations

import argparse
import codecs
import csv
import datetime as dt
import io
import os
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent
SEEDS_DIR = PROJECT_DIR / "seeds"
SEEDS_YML = SEEDS_DIR / "_seeds.yml"

SAVE_AS_UTF8 = "in Excel choose Save As → CSV UTF-8 (逗号分隔)(*.csv)"

# The plausible range of a parameters.csv value, by its value_kind: (lowest, highest,
# whole numbers only, what the kind means). Both ends inclusive. A rate may be negative
# (growth_rate_lower_bound is -0.20) but not below -1; rates and ratios are decimals,
# so a value above 1 is almost surely a percent typed as a number (10 for 10 %). The
# upper ends of money, days, months, years and counts are far above any rule's need and
# only catch a slip of several digits; a bank that truly needs more raises them here and
# in seeds/README.md.
PARAMETER_SEED = "parameters"
PARAMETER_KIND_BOUNDS: dict[str, tuple[Decimal, Decimal, bool, str]] = {
    "money_cny": (Decimal("0.01"), Decimal("1e13"), False, "yuan (元), from 0.01 to 10^13"),
    "ratio": (Decimal(0), Decimal(1), False, "a decimal from 0 to 1, 0.105 = 10.5 %"),
    "rate": (Decimal(-1), Decimal(1), False, "a decimal from -1 to 1, 0.10 = 10 %"),
    "days": (Decimal(1), Decimal(3660), True, "whole days, from 1 to 3660"),
    "months": (Decimal(1), Decimal(120), True, "whole months, from 1 to 120"),
    "years": (Decimal(1), Decimal(100), True, "whole years, from 1 to 100"),
    "count": (Decimal(1), Decimal(1000000), True, "whole, from 1 to 1000000"),
    "score": (Decimal(0), Decimal(100), False, "from 0 to 100"),
}

NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
SCIENTIFIC = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)[eE][+-]?\d+")
THOUSANDS = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
OTHER_DATE = re.compile(r"(\d{4})\s*[/.年-]\s*(\d{1,2})\s*[/.月-]\s*(\d{1,2})\s*日?")
# Units written after a number, longest first, with the factor that turns them into yuan.
UNITS = [
    ("亿元", Decimal("1e8")),
    ("万元", Decimal("1e4")),
    ("亿", Decimal("1e8")),
    ("万", Decimal("1e4")),
    ("千", Decimal("1e3")),
    ("元", Decimal(1)),
    ("CNY", Decimal(1)),
    ("RMB", Decimal(1)),
]
CURRENCY_SIGNS = "¥￥"
BOOLEANS = {"true", "false"}


@dataclass(frozen=True)
class Problem:
    """One problem of one seed file: the row is the row number Excel shows (header = 1),
    None for the file as a whole; the column is None for a whole row or file."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column {self.column}"
        return f"{where}: {self.message}"


@dataclass
class SeedSpec:
    """What one seed file must look like, as seeds/_seeds.yml declares it."""

    name: str
    columns: dict[str, str]  # name -> declared type, in order
    keys: list[tuple[str, ...]] = field(default_factory=list)
    required: set[str] = field(default_factory=set)  # not_null without a where
    ranges: dict[str, tuple[Decimal | None, Decimal | None]] = field(default_factory=dict)


def _test_name_and_args(test) -> tuple[str, dict, dict]:
    """(name, arguments, config) of a dbt test as YAML writes it."""
    if isinstance(test, str):
        return test, {}, {}
    name, body = next(iter(test.items()))
    body = body or {}
    arguments = dict(body.get("arguments") or {})
    arguments.update({k: v for k, v in body.items() if k not in ("arguments", "config")})
    return name, arguments, body.get("config") or {}


def _bound(value) -> Decimal | None:
    """A numeric value_between bound, else None (a column or SQL expression)."""
    if isinstance(value, bool) or value is None:
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


def load_declared(seeds_yml: Path = SEEDS_YML) -> dict[str, SeedSpec]:
    """Every seed declared in seeds/_seeds.yml, with its columns, keys and ranges."""
    document = yaml.safe_load(Path(seeds_yml).read_text(encoding="utf-8"))
    declared: dict[str, SeedSpec] = {}
    for seed in document.get("seeds") or []:
        column_types = (seed.get("config") or {}).get("column_types") or {}
        spec = SeedSpec(seed["name"], {str(k): str(v) for k, v in column_types.items()})
        for test in seed.get("data_tests") or []:
            name, arguments, config = _test_name_and_args(test)
            if name.split(".")[-1] == "unique_combination_of_columns" and not config.get("where"):
                spec.keys.append(tuple(arguments["combination_of_columns"]))
        for column in seed.get("columns") or []:
            for test in column.get("data_tests") or []:
                name, arguments, config = _test_name_and_args(test)
                if config.get("where"):
                    continue
                if name == "unique":
                    spec.keys.append((column["name"],))
                elif name == "not_null":
                    spec.required.add(column["name"])
                elif name.split(".")[-1] == "value_between":
                    low, high = _bound(arguments.get("min_value")), _bound(arguments.get("max_value"))
                    if low is not None or high is not None:
                        spec.ranges[column["name"]] = (low, high)
        declared[spec.name] = spec
    return declared


def _plain(number: Decimal) -> str:
    """A decimal as an analyst writes it: no exponent, no trailing zeros."""
    text = format(number.normalize(), "f")
    return text


def _as_percent_typo(number: Decimal) -> str:
    """10 -> 0.10, 6.34 -> 0.0634: the decimal a percent typed as a number meant."""
    text = _plain(number / 100)
    decimals = len(text.split(".")[1]) if "." in text else 0
    return text + ("." if decimals == 0 else "") + "0" * max(0, 2 - decimals)


def _read_number(cell: str) -> tuple[Decimal | None, str | None]:
    """(the number, None) for a plain number; (what it should be or None, what is wrong)
    for anything else a person may type in a number cell."""
    text = cell
    if text != text.strip():
        fixed, problem = _read_number(text.strip())
        return fixed, problem or f"has spaces around it: write {text.strip()}"
    normalized = unicodedata.normalize("NFKC", text)
    if normalized != text:
        fixed, problem = _read_number(normalized)
        suggestion = _plain(fixed) if fixed is not None else normalized
        return fixed, f"is written with full-width characters (全角): write {suggestion}"
    if NUMBER.fullmatch(text):
        return Decimal(text), None
    if text.endswith("%"):
        inner, problem = _read_number(text[:-1])
        if inner is not None and problem is None:
            fixed = inner / 100
            return fixed, f"has a percent sign: write {_as_percent_typo(inner)} instead of {text}"
        return None, "has a percent sign and is not a number: write a decimal, e.g. 0.10 for 10 %"
    if THOUSANDS.fullmatch(text):
        fixed = Decimal(text.replace(",", ""))
        return fixed, f"has thousands separators: write {_plain(fixed)} (digits only)"
    if SCIENTIFIC.fullmatch(text):
        return Decimal(text), (
            f"is in scientific notation, Excel's display that may have rounded it: write the "
            f"full number (e.g. {_plain(Decimal(text))}); in Excel format the column as Number"
        )
    stripped = text.strip(CURRENCY_SIGNS).strip()
    for unit, factor in UNITS:
        if stripped.upper().endswith(unit.upper()) and stripped != unit:
            inner, problem = _read_number(stripped[: -len(unit)].strip())
            if inner is not None and problem is None:
                fixed = inner * factor
                return fixed, f"has a unit ({unit}): write {_plain(fixed)} (yuan, digits only)"
    if stripped != text:
        inner, problem = _read_number(stripped)
        if inner is not None and problem is None:
            return inner, f"has a currency sign: write {_plain(inner)}"
    return None, "is not a number: write digits with a decimal point, e.g. 0.25 or 300000000"


def _check_cell(spec: SeedSpec, column: str, cell: str) -> str | None:
    """What is wrong with one non-empty cell of a declared column, with what to write."""
    declared = spec.columns[column].strip().lower()
    base = declared.split("(")[0].strip()
    if base in ("integer", "int", "bigint", "smallint", "decimal", "numeric", "double", "float", "real"):
        number, problem = _read_number(cell)
        if problem:
            return problem
        if base in ("integer", "int", "bigint", "smallint") and number != number.to_integral_value():
            return f"{cell} is not a whole number: this column takes whole numbers ({declared})"
        if base in ("integer", "int", "bigint", "smallint") and "." in cell:
            return f"write {_plain(number)} (a whole number, without a decimal point)"
        shape = re.fullmatch(r"(decimal|numeric)\s*\(\s*(\d+)\s*,\s*(\d+)\s*\)", declared)
        if shape:
            precision, scale = int(shape.group(2)), int(shape.group(3))
            exponent = number.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > scale:
                return (
                    f"{cell} has more than {scale} decimal places and would be rounded when loaded "
                    f"({declared}): round it to {scale} places yourself"
                )
            if abs(number) >= Decimal(10) ** (precision - scale):
                return f"{cell} is too large for {declared} (at most {precision - scale} digits before the point)"
        low, high = spec.ranges.get(column, (None, None))
        if (low is not None and number < low) or (high is not None and number > high):
            shown = f"[{'' if low is None else _plain(low)}, {'' if high is None else _plain(high)}]"
            return f"{cell} is outside {shown}, the range seeds/_seeds.yml declares for {column}: correct the value"
        return None
    if base == "date":
        if ISO_DATE.fullmatch(cell):
            try:
                dt.date.fromisoformat(cell)
            except ValueError:
                return f"{cell} is not a day of the calendar: correct the date (YYYY-MM-DD)"
            return None
        other = OTHER_DATE.fullmatch(unicodedata.normalize("NFKC", cell).strip())
        if other:
            try:
                day = dt.date(*map(int, other.groups()))
                return f"write the date as {day.isoformat()} (YYYY-MM-DD); in Excel format the column as Text"
            except ValueError:
                return f"{cell} is not a day of the calendar: write a date as YYYY-MM-DD"
        return f"{cell} is not a date: write YYYY-MM-DD, e.g. 2027-01-01"
    if base == "boolean":
        if cell.lower() in BOOLEANS:
            return None
        return f"{cell} is not a boolean: write true or false"
    if cell != cell.strip():
        return f"has spaces around it ('{cell}'): write '{cell.strip()}' (a code with a space matches nothing)"
    length = re.fullmatch(r"(varchar|char|character varying|string)\s*\(\s*(\d+)\s*\)", declared)
    if length and len(cell) > int(length.group(2)):
        return f"is {len(cell)} characters long, more than the {length.group(2)} of {declared}: shorten it"
    return None


def _check_parameter(row: dict[str, str]) -> tuple[str, str] | None:
    """(column, message) when a parameters.csv value lies outside its value_kind's range."""
    kind, cell = row.get("value_kind", "").strip(), row.get("value", "").strip()
    if not cell or not kind:
        return None
    if kind not in PARAMETER_KIND_BOUNDS:
        return "value_kind", f"{kind} is not a value_kind: write one of {', '.join(PARAMETER_KIND_BOUNDS)}"
    number, problem = _read_number(cell)
    if number is None or problem:
        return None  # the cell's own problem is reported already
    low, high, whole, meaning = PARAMETER_KIND_BOUNDS[kind]
    name = row.get("parameter_name", "").strip()
    if whole and number != number.to_integral_value():
        return "value", f"{cell} is not whole: {name} is {meaning}"
    if low <= number <= high:
        return None
    hint = ""
    if kind in ("ratio", "rate") and number > 1 and low <= number / 100 <= high:
        hint = f" Did you mean {_as_percent_typo(number)}? Write {cell} % as {_as_percent_typo(number)}."
    return "value", f"{cell} is outside the plausible range of {name} ({kind}: {meaning}).{hint}"


def _decode(data: bytes) -> tuple[str | None, str | None]:
    """(text, None), or (None, what is wrong with the file's encoding and what to do)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return None, f'saved as UTF-16 (Excel\'s "Unicode Text") — {SAVE_AS_UTF8}'
    if data.startswith(codecs.BOM_UTF8):
        data = data[len(codecs.BOM_UTF8) :]
    try:
        return data.decode("utf-8"), None
    except UnicodeDecodeError as error:
        try:
            data.decode("gb18030")
            return None, f"saved as GBK/GB18030 — {SAVE_AS_UTF8}"
        except UnicodeDecodeError:
            pass
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        return None, (
            f"byte 0x{data[error.start]:02x} at line {line}, byte {column} of the line (offset "
            f"{error.start}) is not UTF-8: retype that character, then {SAVE_AS_UTF8}"
        )


def _display(path: Path) -> str:
    """The path as the person running the check would type it."""
    try:
        relative = os.path.relpath(path)
    except ValueError:
        return str(path)
    return relative if not relative.startswith("..") else str(path)


def check_file(path: Path, spec: SeedSpec) -> list[Problem]:
    """Every problem of one seed file against its declaration."""
    name = _display(path)
    text, problem = _decode(path.read_bytes())
    if problem:
        return [Problem(name, None, None, problem)]
    try:
        records = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as error:
        return [Problem(name, None, None, f"is not a readable CSV ({error}): {SAVE_AS_UTF8}")]
    if not records or not any(cell.strip() for cell in records[0]):
        return [Problem(name, 1, None, f"has no header: row 1 must be {','.join(spec.columns)}")]

    problems: list[Problem] = []
    header = records[0]
    expected = list(spec.columns)
    if len(header) == 1 and any(sep in header[0] for sep in ";\t"):
        return [Problem(name, 1, None, "columns are separated by semicolons or tabs, not commas: " + SAVE_AS_UTF8)]
    for index, cell in enumerate(header, start=1):
        if cell != cell.strip():
            problems.append(
                Problem(name, 1, cell.strip(), f"header cell {index} has spaces around it: write '{cell.strip()}'")
            )
    names = [cell.strip() for cell in header]
    for column in sorted({n for n in names if names.count(n) > 1}):
        problems.append(Problem(name, 1, column, f"the column {column} appears {names.count(column)} times: keep one"))
    missing = [column for column in expected if column not in names]
    extra = [column for column in names if column not in spec.columns]
    for column in missing:
        position = expected.index(column) + 1
        found = names[position - 1] if position <= len(names) and names[position - 1] in extra else None
        if found is not None:
            problems.append(
                Problem(
                    name,
                    1,
                    column,
                    f"column {position} is headed {found!r} where {column} is expected (renamed?): write {column}",
                )
            )
        else:
            problems.append(
                Problem(
                    name, 1, column, f"the column {column} is missing: add it as column {position} (header and values)"
                )
            )
    renamed = {names[expected.index(c)] for c in missing if expected.index(c) < len(names)}
    for column in extra:
        if column not in renamed:
            problems.append(
                Problem(
                    name,
                    1,
                    column or f"#{names.index(column) + 1}",
                    f"the column {column!r} is not declared in seeds/_seeds.yml: remove it "
                    f"(the columns are {','.join(expected)})",
                )
            )
    if not missing and not extra and names != expected:
        for position, (found, wanted) in enumerate(zip(names, expected, strict=False), start=1):
            if found != wanted:
                problems.append(
                    Problem(
                        name,
                        1,
                        found,
                        f"the columns are in the wrong order: column {position} is {found}, "
                        f"expected {wanted}. The loader fills columns by position, so put the columns "
                        f"back in the order {','.join(expected)} (move each column with its values)",
                    )
                )

    known = {index: column for index, column in enumerate(names) if column in spec.columns}
    seen_rows: dict[tuple[str, ...], int] = {}
    seen_keys: dict[tuple[str, ...], dict[tuple[str, ...], int]] = {key: {} for key in spec.keys}
    for row_number, record in enumerate(records[1:], start=2):
        if not any(cell.strip() for cell in record):
            problems.append(
                Problem(
                    name,
                    row_number,
                    None,
                    "the row is empty: delete it (in Excel right-click "
                    "the row number → Delete, not just clear the cells)",
                )
            )
            continue
        if len(record) != len(header):
            problems.append(
                Problem(
                    name,
                    row_number,
                    None,
                    (
                        f"has {len(record)} cells, the header has {len(header)}: a value holding a comma must be in "
                        "double quotes, and no cell may be added or left out"
                    ),
                )
            )
            continue
        values = tuple(cell.strip() for cell in record)
        if values in seen_rows:
            problems.append(Problem(name, row_number, None, f"repeats row {seen_rows[values]}: delete one of them"))
            continue
        seen_rows[values] = row_number
        by_name = {column: record[index] for index, column in known.items()}
        for key, seen in seen_keys.items():
            if not all(column in by_name for column in key):
                continue
            value = tuple(by_name[column].strip() for column in key)
            if not any(value):
                continue
            if value in seen:
                shown = ", ".join(f"{column}={v}" for column, v in zip(key, value, strict=False))
                problems.append(
                    Problem(
                        name,
                        row_number,
                        ",".join(key),
                        (
                            f"{shown} is already on row {seen[value]}: each {'/'.join(key)} appears once; delete or "
                            "change one of the two rows"
                        ),
                    )
                )
            else:
                seen[value] = row_number
        for column, cell in by_name.items():
            if not cell.strip():
                if column in spec.required:
                    problems.append(Problem(name, row_number, column, "is empty: this column needs a value"))
                continue
            message = _check_cell(spec, column, cell)
            if message:
                problems.append(Problem(name, row_number, column, message))
        if spec.name == PARAMETER_SEED:
            found = _check_parameter(by_name)
            if found:
                problems.append(Problem(name, row_number, found[0], found[1]))
    return problems


def check_seed_files(
    seed_dir: Path | str, declared: dict[str, SeedSpec] | None = None, partial: bool = False
) -> list[Problem]:
    """Every problem of the seed files in `seed_dir` against `declared` (default: the
    project's seeds/_seeds.yml). A declared seed without a file is a problem unless
    `partial` (a folder holding only some seeds, e.g. proposed edits)."""
    seed_dir = Path(seed_dir)
    declared = load_declared() if declared is None else declared
    if not seed_dir.is_dir():
        return [Problem(_display(seed_dir), None, None, "is not a folder of seed files")]
    problems: list[Problem] = []
    for path in sorted(seed_dir.glob("*.csv")):
        if path.stem not in declared:
            problems.append(
                Problem(
                    _display(path),
                    None,
                    None,
                    ("is not declared in seeds/_seeds.yml (dbt would load it untyped): declare it, or remove it"),
                )
            )
    for seed_name, spec in declared.items():
        path = seed_dir / f"{seed_name}.csv"
        if not path.exists():
            if not partial:
                problems.append(Problem(_display(path), None, None, "is missing: restore the file"))
            continue
        problems.extend(check_file(path, spec))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds-dir", type=Path, default=SEEDS_DIR, help="folder of seed CSVs (default seeds/)")
    parser.add_argument(
        "--seeds-yml", type=Path, default=SEEDS_YML, help="the declarations to check against (default seeds/_seeds.yml)"
    )
    parser.add_argument(
        "--partial",
        action="store_true",
        help="the folder holds only some seeds: a declared seed without a file is fine",
    )
    args = parser.parse_args(argv)
    problems = check_seed_files(args.seeds_dir, load_declared(args.seeds_yml), partial=args.partial)
    files = len(list(Path(args.seeds_dir).glob("*.csv"))) if Path(args.seeds_dir).is_dir() else 0
    if not problems:
        print(f"check_seeds: {files} seed file(s) in {_display(args.seeds_dir)} are clean", flush=True)
        return 0
    for problem in problems:
        print(problem, file=sys.stderr)
    count = len({problem.file for problem in problems})
    print(
        f"check_seeds: {len(problems)} problem(s) in {count} file(s); nothing was loaded. Correct the "
        "files and run again.",
        file=sys.stderr,
    )
    return 1


if __name__ == "__main__":
    sys.exit(main())

"""The seed CSVs are checked as files before dbt loads them (scripts/check_seeds.py): every
problem an analyst can make in Excel is one line naming the file, the row Excel shows
(header = row 1), the column and what to write instead. The bad files are built in a
copy of seeds/; the repository's seeds are never edited. One end-to-end case builds a
small warehouse and shows that a reordered seed stops `make build` and the backfill
before any dbt command, with the marts unchanged."""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
from pathlib import Path

import duckdb
import pytest
from check_seeds import check_seed_files, load_declared
from fingerprint import fingerprint

from conftest import BIN, PROJECT_DIR, dbt, generate, make_dry_run

DECLARED = load_declared(PROJECT_DIR / "seeds" / "_seeds.yml")


@pytest.fixture
def seeds(tmp_path) -> Path:
    """A copy of the project's seed files, for one test to break."""
    folder = tmp_path / "seeds"
    folder.mkdir()
    for path in (PROJECT_DIR / "seeds").glob("*.csv"):
        shutil.copy(path, folder / path.name)
    return folder


def read(folder: Path, name: str) -> list[list[str]]:
    with (folder / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.reader(handle))


def write(folder: Path, name: str, records: list[list[str]]) -> None:
    with (folder / f"{name}.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(records)


def set_cell(folder: Path, name: str, key_column: str, key: str, column: str, value: str) -> int:
    """Write `value` into `column` of the row whose `key_column` is `key`; its Excel row number."""
    records = read(folder, name)
    header = records[0]
    for index, record in enumerate(records):
        if record[header.index(key_column)] == key:
            record[header.index(column)] = value
            write(folder, name, records)
            return index + 1
    raise AssertionError(f"no {key_column}={key} in {name}")


def lines(folder: Path, partial: bool = False) -> list[str]:
    return [str(problem) for problem in check_seed_files(folder, DECLARED, partial=partial)]


def only(folder: Path, partial: bool = False) -> str:
    found = lines(folder, partial)
    assert len(found) == 1, found
    return found[0]


def cli(*args: str | Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(BIN / "python"), str(PROJECT_DIR / "scripts" / "check_seeds.py"), *map(str, args)],
        cwd=PROJECT_DIR,
        capture_output=True,
        text=True,
    )


# --- the real seeds, and what is accepted -------------------------------------------------


def test_the_project_seeds_are_clean():
    result = cli()
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("are clean")
    assert check_seed_files(PROJECT_DIR / "seeds", DECLARED) == []


def test_utf8_with_bom_and_crlf_line_ends_are_accepted(seeds):
    for path in seeds.glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert lines(seeds) == []


def test_the_column_lists_come_from_seeds_yml():
    """No second copy of the columns: each seed's columns are its column_types, in order."""
    import yaml

    document = yaml.safe_load((PROJECT_DIR / "seeds" / "_seeds.yml").read_text(encoding="utf-8"))
    for seed in document["seeds"]:
        assert list(DECLARED[seed["name"]].columns) == list(seed["config"]["column_types"])


# --- encoding ---------------------------------------------------------------------------


def test_a_seed_saved_as_gbk_is_named(seeds):
    path = seeds / "parameters.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    line = only(seeds)
    assert line.startswith(str(path)) or "parameters.csv:" in line
    assert "saved as GBK/GB18030" in line and "CSV UTF-8" in line


def test_a_seed_saved_as_utf16_is_named(seeds):
    path = seeds / "labels.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("utf-16"))
    line = only(seeds)
    assert "labels.csv" in line and "UTF-16" in line and "CSV UTF-8" in line


def test_another_undecodable_byte_is_named_with_its_position(seeds):
    path = seeds / "segment_matrix.csv"
    data = path.read_bytes().split(b"\n")
    data[2] = data[2] + b"\xff"  # the end of line 3
    path.write_bytes(b"\n".join(data))
    line = only(seeds)
    assert "segment_matrix.csv" in line and "0xff" in line and "line 3" in line


# --- header -----------------------------------------------------------------------------


def test_reordered_columns_are_named(seeds):
    """x_band and y_band swapped, header and data, as an Excel user moves a column."""
    records = read(seeds, "segment_matrix")
    write(seeds, "segment_matrix", [[r[0], r[2], r[1], r[3]] for r in records])
    found = lines(seeds)
    assert len(found) == 2, found
    assert (
        "segment_matrix.csv, row 1, column y_band: the columns are in the wrong order: column 2 is y_band, "
        "expected x_band" in found[0]
    )
    assert "column x_band" in found[1] and "column 3 is x_band, expected y_band" in found[1]


def test_a_renamed_column_is_named(seeds):
    records = read(seeds, "segment_matrix")
    records[0][1] = "xband"
    write(seeds, "segment_matrix", records)
    line = only(seeds)
    assert "segment_matrix.csv, row 1, column x_band" in line and "'xband'" in line and "write x_band" in line


def test_a_missing_column_is_named(seeds):
    records = read(seeds, "segment_matrix")
    write(seeds, "segment_matrix", [r[:3] for r in records])
    line = only(seeds)
    assert "segment_matrix.csv, row 1, column segment_code: the column segment_code is missing" in line


def test_an_extra_column_is_named(seeds):
    records = read(seeds, "weights")
    write(seeds, "weights", [r + (["note"] if i == 0 else ["x"]) for i, r in enumerate(records)])
    line = only(seeds)
    assert "weights.csv, row 1, column note" in line and "not declared in seeds/_seeds.yml" in line


# --- rows -------------------------------------------------------------------------------


def test_an_empty_row_is_named_by_its_row_number(seeds):
    records = read(seeds, "segment_cutoffs")
    records.insert(3, [""] * len(records[0]))  # Excel row 4
    write(seeds, "segment_cutoffs", records)
    line = only(seeds)
    assert line.startswith(f"{seeds / 'segment_cutoffs.csv'}, row 4:") or "segment_cutoffs.csv, row 4:" in line
    assert "the row is empty" in line


def test_a_duplicated_row_is_named(seeds):
    records = read(seeds, "segment_cutoffs")
    write(seeds, "segment_cutoffs", [*records, records[2]])
    line = only(seeds)
    assert f"segment_cutoffs.csv, row {len(records) + 1}:" in line and "repeats row 3" in line


def test_a_duplicated_key_is_named(seeds):
    """The same cutoff row with another value: before, only a dbt test name."""
    records = read(seeds, "segment_cutoffs")
    copy = list(records[1])
    copy[-1] = "0.7"
    write(seeds, "segment_cutoffs", [*records, copy])
    line = only(seeds)
    assert (
        f"segment_cutoffs.csv, row {len(records) + 1}, column scope_type,scope_id,population,tier_code,"
        "dimension" in line
    )
    assert "already on row 2" in line


def test_a_duplicated_single_column_key_is_named(seeds):
    records = read(seeds, "product_catalog")
    copy = list(records[1])
    copy[-1] = "Another name"
    write(seeds, "product_catalog", [*records, copy])
    line = only(seeds)
    assert f"product_catalog.csv, row {len(records) + 1}, column product_code" in line and "already on row 2" in line


def test_row_numbers_count_records_not_lines(seeds):
    """A cell holding a line break is one Excel row: the next rows keep their numbers."""
    set_cell(seeds, "parameters", "parameter_name", "cost_of_capital", "description", "two\nlines")
    row = set_cell(seeds, "parameters", "parameter_name", "dormant_days", "value", "0")
    assert f"parameters.csv, row {row}, column value" in only(seeds)


def test_a_row_with_too_few_or_too_many_cells_is_named(seeds):
    path = seeds / "segment_matrix.csv"
    text = path.read_text(encoding="utf-8").splitlines()
    text[2] += ",extra"
    path.write_text("\n".join(text) + "\n", encoding="utf-8")
    line = only(seeds)
    assert "segment_matrix.csv, row 3:" in line and "has 5 cells, the header has 4" in line


# --- cells ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("300,000,000", "has thousands separators: write 300000000"),
        ("３００００００００", "full-width characters (全角): write 300000000"),
        ("3亿", "has a unit (亿): write 300000000"),
        ("30000万", "has a unit (万): write 300000000"),
        ("300000000元", "has a unit (元): write 300000000"),
        (" 300000000", "has spaces around it: write 300000000"),
        ("3E+08", "scientific notation"),
        ("three", "is not a number"),
    ],
)
def test_number_cells_are_plain_digits(seeds, value, expected):
    row = set_cell(seeds, "parameters", "parameter_name", "large_revenue_threshold_cny", "value", value)
    line = only(seeds)
    assert f"parameters.csv, row {row}, column value: " in line and expected in line


def test_a_percent_sign_is_refused_with_the_decimal_to_write(seeds):
    row = set_cell(seeds, "parameters", "parameter_name", "cost_of_capital", "value", "10%")
    line = only(seeds)
    assert f"parameters.csv, row {row}, column value" in line and "write 0.10 instead of 10%" in line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("30.5", "30.5 is not a whole number"),
        ("30.0", "write 30 (a whole number"),
        ("３０", "write 30"),
    ],
)
def test_integer_cells_hold_whole_numbers(seeds, value, expected):
    row = set_cell(seeds, "segment_strategies", "segment_code", "quality", "visit_frequency_days", value)
    line = only(seeds)
    assert f"segment_strategies.csv, row {row}, column visit_frequency_days: " in line and expected in line


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2027/1/1", "write the date as 2027-01-01"),
        ("2027年1月1日", "write the date as 2027-01-01"),
        ("2026-02-30", "is not a day of the calendar"),
        ("soon", "is not a date"),
    ],
)
def test_date_cells_are_yyyy_mm_dd(seeds, value, expected):
    records = read(seeds, "strategic_groups")
    records[1][records[0].index("effective_from")] = value
    write(seeds, "strategic_groups", records)
    line = only(seeds)
    assert "strategic_groups.csv, row 2, column effective_from: " in line and expected in line


@pytest.mark.parametrize("value", ["是", "yes", "1"])
def test_boolean_cells_are_true_or_false(seeds, value):
    row = set_cell(seeds, "segment_strategies", "segment_code", "quality", "dedicated_team", value)
    line = only(seeds)
    assert f"segment_strategies.csv, row {row}, column dedicated_team: " in line and "write true or false" in line


def test_booleans_in_any_case_are_accepted(seeds):
    set_cell(seeds, "segment_strategies", "segment_code", "quality", "dedicated_team", "FALSE")
    set_cell(seeds, "segment_strategies", "segment_code", "important", "dedicated_team", "True")
    assert lines(seeds) == []


def test_a_code_with_spaces_around_it_is_named(seeds):
    row = set_cell(seeds, "parameters", "parameter_name", "dormant_days", "scope_type", "global ")
    line = only(seeds)
    assert f"parameters.csv, row {row}, column scope_type: has spaces around it" in line


def test_an_empty_required_cell_is_named(seeds):
    row = set_cell(seeds, "segment_matrix", "segment_code", "quality", "population", "")
    assert f"segment_matrix.csv, row {row}, column population: is empty" in only(seeds)


def test_a_range_declared_in_seeds_yml_is_checked(seeds):
    """value_between of weights.weight is [0, 1] in seeds/_seeds.yml."""
    records = read(seeds, "weights")
    records[1][records[0].index("weight")] = "1.5"
    write(seeds, "weights", records)
    line = only(seeds)
    assert "weights.csv, row 2, column weight: 1.5 is outside [0, 1]" in line


# --- parameters.csv: the range of each value_kind ----------------------------------------


@pytest.mark.parametrize(
    ("parameter", "value", "expected"),
    [
        ("cost_of_capital", "10", "Did you mean 0.10?"),  # a rate typed as a percent
        ("tax_rate_interest", "6.34", "Did you mean 0.0634?"),  # a ratio typed as a percent
        ("capital_ratio_target", "-0.1", "outside the plausible range of capital_ratio_target (ratio"),
        ("growth_rate_lower_bound", "-2", "outside the plausible range of growth_rate_lower_bound (rate"),
        ("dormant_days", "0", "outside the plausible range of dormant_days (days"),
        ("dormant_days", "90.5", "is not whole"),
        ("loyal_lookback_months", "1200", "(months"),
        ("tenure_full_score_years", "-3", "(years"),
        ("deposit_scale_threshold_cny", "0", "(money_cny"),
        ("deposit_scale_threshold_cny", "100000000000000", "(money_cny"),
        ("industry_space_default_score", "150", "(score"),
    ],
)
def test_a_parameter_outside_the_range_of_its_value_kind_is_refused(seeds, parameter, value, expected):
    row = set_cell(seeds, "parameters", "parameter_name", parameter, "value", value)
    line = only(seeds)
    assert f"parameters.csv, row {row}, column value: {value} is" in line and expected in line


def test_a_negative_bound_that_may_be_negative_is_accepted(seeds):
    set_cell(seeds, "parameters", "parameter_name", "growth_rate_lower_bound", "value", "-0.5")
    set_cell(seeds, "parameters", "parameter_name", "cost_of_capital", "value", "0.12")
    assert lines(seeds) == []


def test_an_unknown_value_kind_is_named(seeds):
    row = set_cell(seeds, "parameters", "parameter_name", "cost_of_capital", "value_kind", "percent")
    assert f"parameters.csv, row {row}, column value_kind: percent is not a value_kind" in only(seeds)


# --- folders ----------------------------------------------------------------------------


def test_a_partial_folder_is_checked_with_the_same_rules(tmp_path):
    proposed = tmp_path / "proposed"
    proposed.mkdir()
    shutil.copy(PROJECT_DIR / "seeds" / "parameters.csv", proposed)
    assert lines(proposed, partial=True) == []
    missing = lines(proposed)
    assert len(missing) == len(DECLARED) - 1 and all("is missing" in line for line in missing)
    set_cell(proposed, "parameters", "parameter_name", "cost_of_capital", "value", "10")
    assert "Did you mean 0.10?" in only(proposed, partial=True)


def test_an_undeclared_file_is_named(seeds):
    shutil.copy(seeds / "weights.csv", seeds / "weights (2).csv")
    assert "weights (2).csv: is not declared in seeds/_seeds.yml" in only(seeds)


def test_the_command_prints_one_line_per_problem_and_exits_1(seeds):
    set_cell(seeds, "parameters", "parameter_name", "cost_of_capital", "value", "10")
    records = read(seeds, "segment_cutoffs")
    write(seeds, "segment_cutoffs", [*records, records[1]])
    result = cli("--seeds-dir", seeds)
    assert result.returncode == 1
    printed = result.stderr.strip().splitlines()
    assert len(printed) == 3, printed
    assert "parameters.csv, row 6, column value: 10 is outside" in printed[0]
    assert "segment_cutoffs.csv, row 6: repeats row 2" in printed[1]
    assert printed[2].startswith("check_seeds: 2 problem(s) in 2 file(s)")
    assert cli("--seeds-dir", seeds / "nowhere").returncode == 1


def test_make_checks_the_seeds_before_build_demo_and_backfill():
    """`make -n` lists the commands: the check comes before any dbt, rm or backfill."""
    for target in (["build"], ["demo"], ["backfill", "FROM=2026-01-31", "TO=2026-02-28"]):
        printed = make_dry_run(*target).splitlines()
        assert "check_seeds.py" in printed[0], (target, printed[:3])


# --- end to end -------------------------------------------------------------------------

IGNORE = shutil.ignore_patterns(
    ".venv",
    ".git",
    "target",
    "logs",
    "warehouse",
    "reports",
    "*.duckdb*",
    "__pycache__",
    ".pytest_cache",
    "bench",
    ".engines",
)


def seed_tables(database: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    """{seed table: (its column names in order, its rows sorted)} of the seeds schema."""
    tables: dict[str, tuple[list[str], list[tuple]]] = {}
    with duckdb.connect(str(database), read_only=True) as con:
        columns = con.execute(
            "select table_name, column_name from information_schema.columns "
            "where table_schema = 'seeds' order by table_name, ordinal_position"
        ).fetchall()
        for table, column in columns:
            tables.setdefault(table, ([], []))[0].append(column)
        for table, (_, rows) in tables.items():
            rows.extend(sorted(con.execute(f'select * from seeds."{table}"').fetchall(), key=repr))
    return tables


def test_end_to_end_bom_crlf_load_alike_and_a_reordered_seed_stops_the_build(tmp_path):
    """A small warehouse built from seeds saved with a BOM and CRLF line ends has the
    declared column names and the same rows as a load of the plain files; then
    segment_matrix.csv with x_band/y_band swapped (header and data) stops `make build`
    and the backfill before any dbt command, naming the file, and the marts are
    unchanged. Before the check, the swap loaded by position and moved customers between
    quality and ordinary with exit 0. A renamed column, a GBK file and a rate typed as a
    percent stop the backfill the same way."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT_DIR, project, ignore=IGNORE)
    (project / ".venv").symlink_to(PROJECT_DIR / ".venv")
    for path in (project / "seeds").glob("*.csv"):
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    database = tmp_path / "warehouse.duckdb"
    as_of = "2025-04-30"
    generate(database, customers=120, days=45, as_of=as_of, seed=23, bad_rate=0.01)
    env = dict(os.environ, DBT_DUCKDB_PATH=str(database), DBT_PROFILES_DIR=str(project))
    backfill = [
        str(BIN / "python"),
        str(project / "scripts" / "backfill.py"),
        "--last",
        "1",
        "--to",
        as_of,
        "--log",
        str(tmp_path / "backfill.log.jsonl"),
        "--force",
        "--",
        "--target-path",
        str(tmp_path / "target"),
        "--log-path",
        str(tmp_path / "logs"),
        "--exclude",
        "resource_type:test",
        "resource_type:unit_test",
    ]
    built = subprocess.run(backfill, cwd=project, env=env, capture_output=True, text=True)
    assert built.returncode == 0, built.stdout[-3000:] + built.stderr[-3000:]

    from_bom_crlf = seed_tables(database)
    assert len(from_bom_crlf) == len(DECLARED)
    for name, (columns, _) in from_bom_crlf.items():
        assert columns == list(DECLARED[name].columns), name
    for path in (PROJECT_DIR / "seeds").glob("*.csv"):
        shutil.copy(path, project / "seeds" / path.name)
    dbt(database, "seed", cwd=project, target_path=tmp_path / "target")
    assert seed_tables(database) == from_bom_crlf

    before = fingerprint(database)
    assert before, "the small warehouse has marts"
    write(
        project / "seeds",
        "segment_matrix",
        [[r[0], r[2], r[1], r[3]] for r in read(project / "seeds", "segment_matrix")],
    )
    expected = "segment_matrix.csv, row 1, column y_band: the columns are in the wrong order"

    stopped = subprocess.run(backfill, cwd=project, env=env, capture_output=True, text=True)
    assert stopped.returncode != 0
    assert expected in stopped.stderr and "stopped before any dbt command" in stopped.stderr
    assert (tmp_path / "logs" / "dbt.log").read_text(encoding="utf-8").count("Running with dbt=") == 1

    stamp = subprocess.run(
        "cat requirements.txt | cksum", shell=True, cwd=project, capture_output=True, text=True, check=True
    ).stdout.split()[0]
    made = subprocess.run(
        ["make", "-o", f".venv/.installed-{stamp}", "build"], cwd=project, env=env, capture_output=True, text=True
    )
    assert made.returncode != 0
    assert expected in made.stderr and "dbt build" not in made.stdout
    assert fingerprint(database) == before

    # The other cases of the issue stop the backfill the same way, before any dbt command.
    seeds = project / "seeds"
    shutil.copy(PROJECT_DIR / "seeds" / "segment_matrix.csv", seeds)
    records = read(seeds, "segment_matrix")
    records[0][1] = "xband"
    write(seeds, "segment_matrix", records)
    renamed = subprocess.run(backfill, cwd=project, env=env, capture_output=True, text=True)
    shutil.copy(PROJECT_DIR / "seeds" / "segment_matrix.csv", seeds)
    (seeds / "labels.csv").write_bytes((seeds / "labels.csv").read_text(encoding="utf-8").encode("gb18030"))
    gbk = subprocess.run(backfill, cwd=project, env=env, capture_output=True, text=True)
    shutil.copy(PROJECT_DIR / "seeds" / "labels.csv", seeds)
    set_cell(seeds, "parameters", "parameter_name", "cost_of_capital", "value", "10")
    percent = subprocess.run(backfill, cwd=project, env=env, capture_output=True, text=True)
    for result, message in [
        (renamed, "segment_matrix.csv, row 1, column x_band: column 2 is headed 'xband'"),
        (gbk, "labels.csv: saved as GBK/GB18030"),
        (percent, "column value: 10 is outside the plausible range of cost_of_capital"),
    ]:
        assert result.returncode != 0 and message in result.stderr, result.stderr
    assert (tmp_path / "logs" / "dbt.log").read_text(encoding="utf-8").count("Running with dbt=") == 1
    assert fingerprint(database) == before

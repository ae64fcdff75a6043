#!/usr/bin/env python3
"""The whole night of corp_tiering, one command for a scheduler (`make daily [AS_OF=...]`).

Steps, in order; each says what it is doing, and the first that fails stops the night:

  1. warehouse  the DuckDB file must not be held by another process (a BI tool, a
                notebook): one line naming the file and the holder's PID, no traceback.
                A lock taken later, while dbt runs, is reported the same way.
  2. seeds      scripts/check_seeds.py checks the seed CSVs as files (encoding, header,
                numbers, ranges) before dbt loads them; a missing script is an error.
  3. freshness  `dbt source freshness`, measured against the clock. Without --as-of (the
                scheduler's night) a daily feed (dbt var nightly_feeds) older than its
                error_after stops the night: the loads have stopped. Every other finding is
                a warning: tables such as ratings or prospects date their rows by business
                events, which may be weeks apart, and with --as-of step 4 checks every
                feed against that very date, which says more than the clock.
  4. refusals   before any model is built, read from the raw tables
                (`dbt run-operation nightly_raw_facts`, on any engine): every raw table of
                the contract exists; each daily feed and each table of var
                nightly_required_tables has rows; each daily feed starts on or before the
                as_of_date and its latest readable day reaches the as_of_date less the days
                it may lag (var nightly_feeds: max_lag_days). One line per table that
                fails, with its latest day. Without --as-of the as_of_date is dbt's default,
                the latest deposit balance_date (read from the raw table, then passed to
                dbt); when it did not advance since the last successful night in the run
                log, the night stops and says so.
  5. build      `dbt build --exclude-resource-type unit_test --vars {as_of_date: ...}`
                (unit tests check the SQL, not the night's data: `make test` runs them),
                showing the nodes done out of the total as it goes.
  6. quality    scripts/quality_gate.py for the as_of_date (a blocking failure stops).
  7. publish    scripts/publish.py copies the marts into the readers' DuckDB file.
  Last, one summary line (date, as_of_date, status, seconds, rows rejected) and one JSON
  line appended to the run log (date, as_of_date, status, seconds per step, rows
  rejected, exit code).

On PostgreSQL and Spark (DBT_TARGET) the same steps run, except the lock check and
publish (DuckDB files only: on those engines BI reads the marts schema through its own
role) and, on Spark, the quality gate (it reads DuckDB or PostgreSQL).

Usage:
    python scripts/nightly.py [--as-of YYYY-MM-DD] [--freshness auto|stop|warn] [--log PATH] [-- DBT_BUILD_ARGS]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import queue
import re
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

PROJECT_DIR = Path(__file__).resolve().parent.parent
# The venv's programs, next to the Python running this script (not resolved: a venv's
# python is a symlink to the system one).
BIN = Path(sys.executable).parent
DBT = BIN / "dbt"
SEED_CHECK = PROJECT_DIR / "scripts" / "check_seeds.py"
QUALITY_GATE = PROJECT_DIR / "scripts" / "quality_gate.py"
PUBLISH = PROJECT_DIR / "scripts" / "publish.py"
DEFAULT_DATABASE = "warehouse/corp_tiering.duckdb"
DEFAULT_BI_DATABASE = "warehouse/corp_tiering_bi.duckdb"
# What a production run leaves out: unit tests check the SQL, not the night's data.
NIGHTLY_OPTIONS = ["--exclude-resource-type", "unit_test"]

# Exit codes, one per step that can stop the night.
EXIT_OK = 0
EXIT_ERROR = 1  # an unexpected error of this script
EXIT_USAGE = 2  # wrong arguments
EXIT_LOCKED = 3  # the DuckDB file is held by another process
EXIT_SEEDS = 4  # a seed file is wrong (or the seed check is missing)
EXIT_FRESHNESS = 5  # a daily feed is stale by dbt's source freshness
EXIT_REFUSED = 6  # a raw table is missing or empty, or a feed does not reach the as_of_date
EXIT_NOT_ADVANCED = 7  # no --as-of, and the default as_of_date did not advance since the last good night
EXIT_BUILD = 8  # dbt build failed
EXIT_QUALITY = 9  # the quality gate failed on a blocking expectation
EXIT_PUBLISH = 10  # publishing the marts failed
EXIT_CODES = f"""exit codes:
  {EXIT_OK}   the night succeeded (built, checked and published)
  {EXIT_ERROR}   an unexpected error of this script
  {EXIT_USAGE}   wrong arguments
  {EXIT_LOCKED}   the DuckDB file is held by another process (its PID is named)
  {EXIT_SEEDS}   a seed file is wrong, or scripts/check_seeds.py is missing
  {EXIT_FRESHNESS}   a daily feed is older than its freshness error_after (dbt source freshness)
  {EXIT_REFUSED}   refused: a raw table is missing or empty, or a daily feed does not reach the
      as_of_date, or the as_of_date is before the feed starts
  {EXIT_NOT_ADVANCED}   refused: no --as-of given and the default as_of_date did not advance since
      the last successful night in the run log
  {EXIT_BUILD}   dbt build failed
  {EXIT_QUALITY}   the quality gate failed on a blocking expectation
  {EXIT_PUBLISH}  publishing the marts failed"""

# DuckDB's lock error: ... Conflicting lock is held in /usr/bin/python3.11 (PID 4242) [by user x]. See also ...
LOCK_ERROR = re.compile(
    r'Could not set lock on file "(?P<file>[^"]+)": Conflicting lock is held in (?P<program>.*?)'
    r"(?: \(PID (?P<pid>\d+)\)|\. See also|$)",
    re.MULTILINE,
)
# dbt's per-node lines: "12 of 287 OK created sql table model ..." (START lines are not counted).
NODE_DONE = re.compile(r"\b(\d+) of (\d+) (?!START\b)([A-Z]+)")
FAILED_NODE = re.compile(r"\b\d+ of \d+ (ERROR|FAIL)\b")
PROGRESS_EVERY = 5.0  # seconds between progress lines of a long step


class NightStop(Exception):
    """Stops the night: the exit code and the lines that say why."""

    def __init__(self, code: int, lines: list[str], status: str = "failed"):
        super().__init__("; ".join(lines))
        self.code, self.lines, self.status = code, lines, status


def say(line: str = "", **kwargs) -> None:
    print(line, flush=True, **kwargs)


def lock_message(text: str) -> str | None:
    """One line for DuckDB's lock error found in `text`, else None."""
    match = LOCK_ERROR.search(text)
    if match is None:
        return None
    holder = f"PID {match['pid']} ({match['program']})" if match["pid"] else match["program"]
    bi = os.environ.get("BI_DUCKDB_PATH", DEFAULT_BI_DATABASE)
    return (
        f"the warehouse {match['file']} is held by another process, {holder}: close it (BI tools and "
        f"notebooks should open the published copy, {bi}) and run the night again"
    )


def run(
    command: list[str], on_line: Callable[[str], None] | None = None, heartbeat: Callable[[float], None] | None = None
) -> tuple[int, str]:
    """Run a command from the project folder; each output line goes to `on_line` as it
    comes, and `heartbeat(seconds)` is called every PROGRESS_EVERY seconds. Returns the exit
    code and the whole output."""
    env = dict(os.environ)
    env.setdefault("DBT_PROFILES_DIR", str(PROJECT_DIR))
    env["DBT_USE_COLORS"] = "false"
    env["PYTHONUNBUFFERED"] = "1"
    process = subprocess.Popen(
        command, cwd=PROJECT_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in process.stdout:
            lines.put(line.rstrip("\n"))
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    output, started, last_beat = [], time.perf_counter(), time.perf_counter()
    while True:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            line = ""
        if line is None:
            break
        if line:
            output.append(line)
            if on_line is not None:
                on_line(line)
        if heartbeat is not None and time.perf_counter() - last_beat >= PROGRESS_EVERY:
            last_beat = time.perf_counter()
            heartbeat(last_beat - started)
    return process.wait(), "\n".join(output)


def indented(line: str) -> None:
    say("    " + line)


def still_running(seconds: float) -> None:
    say(f"    ... {seconds:.0f} s")


def dbt_failure(output: str, most: int = 12) -> list[str]:
    """dbt's failure headlines and its final count, else the end of its output."""
    lines = output.rstrip().splitlines()
    errors = [line.strip() for line in lines if re.search(r"(Error|Failure) in |Encountered an error", line)]
    if not errors:
        return [line.strip() for line in lines[-10:]]
    more = [f"... and {len(errors) - most} more"] if len(errors) > most else []
    return errors[:most] + more + [line.strip() for line in lines if "Done. PASS=" in line]


class Night:
    def __init__(self, args: argparse.Namespace):
        self.args = args
        self.target = os.environ.get("DBT_TARGET", "duckdb")
        self.engine = engine_of(self.target)
        self.database = PROJECT_DIR / os.environ.get("DBT_DUCKDB_PATH", DEFAULT_DATABASE)
        self.target_path = PROJECT_DIR / os.environ.get("DBT_TARGET_PATH", "target")
        self.today: dt.date = args.today
        self.as_of: str | None = str(args.as_of) if args.as_of else None
        self.seconds: dict[str, float] = {}
        self.rows_rejected: int | None = None
        self.warnings: list[str] = []
        self.feeds: dict = {}
        self.steps = [
            ("warehouse", self.check_lock),
            ("seeds", self.check_seeds),
            ("freshness", self.check_freshness),
            ("refusals", self.refusals),
            ("build", self.build),
            ("quality", self.quality_gate),
            ("publish", self.publish),
        ]

    # ---- helpers
    def dbt(self, *args: str, on_line=None, heartbeat=still_running) -> tuple[int, str]:
        if not DBT.exists():
            raise NightStop(EXIT_ERROR, [f"no dbt at {DBT}: run this script with the project's .venv/bin/python"])
        code, output = run([str(DBT), *args], on_line, heartbeat)
        locked = lock_message(output)
        if locked:
            raise NightStop(EXIT_LOCKED, [locked], "locked")
        return code, output

    def progress(self, label: str, echo_failures: bool = True) -> tuple[Callable[[str], None], Callable[[float], None]]:
        """dbt's node lines counted as they come (hooks, counted "1 of 1", aside); a progress
        line every few seconds; failed nodes shown as they fail."""
        state = {"done": {}, "failed": 0, "shown": None}

        def on_line(line: str) -> None:
            match = NODE_DONE.search(line)
            if match:
                total = int(match[2])
                state["done"][total] = state["done"].get(total, 0) + 1
                if FAILED_NODE.search(line):
                    state["failed"] += 1
                    if echo_failures:
                        indented(line.split("  ", 1)[-1].strip())

        def heartbeat(seconds: float) -> None:
            if not state["done"]:
                say(f"    {label}: parsing the project ({seconds:.0f} s)")
                return
            total = max(state["done"])
            done = min(state["done"][total], total)
            if (done, total) != state["shown"]:
                state["shown"] = (done, total)
                failed = f", {state['failed']} failed" if state["failed"] else ""
                say(f"    {label}: {done}/{total} done{failed} ({seconds:.0f} s)")

        return on_line, heartbeat

    def script(self, path: Path, *args: str) -> tuple[int, str]:
        return run([str(BIN / "python"), str(path), *args], indented, still_running)

    # ---- steps
    def check_lock(self) -> str:
        if self.engine != "duckdb":
            return f"target {self.target}: no file lock to check"
        if not self.database.exists():
            return f"{self.database} does not exist yet"
        import duckdb

        try:
            duckdb.connect(str(self.database)).close()
        except duckdb.Error as error:
            raise NightStop(
                EXIT_LOCKED, [lock_message(str(error)) or f"cannot open {self.database}: {error}"], "locked"
            ) from None
        return f"{self.database} is free"

    def check_seeds(self) -> str:
        if not SEED_CHECK.exists():
            raise NightStop(
                EXIT_SEEDS,
                [
                    f"{SEED_CHECK.relative_to(PROJECT_DIR)} is missing: the seed files "
                    "cannot be checked, so nothing is built"
                ],
            )
        code, _ = self.script(SEED_CHECK)
        if code != 0:
            raise NightStop(
                EXIT_SEEDS,
                [
                    f"the seed files have problems (above; scripts/check_seeds.py exit {code}): "
                    "fix the CSVs under seeds/ and run the night again"
                ],
            )
        return "seed files are clean"

    def check_freshness(self) -> str:
        sources_json = self.target_path / "sources.json"
        sources_json.unlink(missing_ok=True)
        on_line, heartbeat = self.progress("sources", echo_failures=False)
        code, output = self.dbt("source", "freshness", on_line=on_line, heartbeat=heartbeat)
        if not sources_json.exists():
            raise NightStop(EXIT_FRESHNESS, [f"dbt source freshness did not run (exit {code}):", *dbt_failure(output)])
        results = json.loads(sources_json.read_text(encoding="utf-8"))["results"]
        manifest = json.loads((self.target_path / "manifest.json").read_text(encoding="utf-8"))
        feeds = project_vars().get("nightly_feeds") or {}
        # With --as-of the refusals check every feed against that very date; dbt's freshness,
        # measured against the wall clock, then only informs.
        past_date = self.as_of is not None
        blocking, counts = [], {}
        for result in results:
            source = manifest["sources"].get(result["unique_id"], {})
            name = f"{source.get('schema', '?')}.{source.get('identifier', result['unique_id'])}"
            status = result["status"]
            counts[status] = counts.get(status, 0) + 1
            if status in ("warn", "error"):
                limit = result["criteria"][f"{status}_after"]
                days = result["max_loaded_at_time_ago_in_s"] / 86400
                line = (
                    f"{name}: newest row {result['max_loaded_at'][:10]}, {days:.0f} days before "
                    f"{result['snapshotted_at'][:10]} (dbt freshness {status} after {limit['count']} "
                    f"{limit['period']}s)"
                )
                stops = status == "error" and (
                    self.args.freshness == "stop"
                    or (self.args.freshness == "auto" and not past_date and source.get("identifier") in feeds)
                )
                (blocking if stops else self.warnings).append(line)
                if not stops and not past_date:
                    say(f"    warning: {line}")
            elif status == "runtime error":
                message = (result.get("message") or "").strip().splitlines()
                line = f"{name}: freshness not measured: {message[0] if message else 'runtime error'}"
                self.warnings.append(line)
                say(f"    warning: {line}")
        # A source whose loaded_at_field fails (e.g. a text date that does not parse) has no
        # result in sources.json: dbt's message is in its output.
        measured = {result["unique_id"] for result in results}
        lines = output.splitlines()
        for unique_id, source in manifest["sources"].items():
            if (
                unique_id in measured
                or source.get("package_name") != "corp_tiering"
                or not source.get("loaded_at_field")
            ):
                continue
            name = f"{source['schema']}.{source['identifier']}"
            why = next(
                (
                    lines[i + 1].strip()
                    for i, line in enumerate(lines[:-1])
                    if re.search(rf"Error in source {re.escape(source['name'])} ", line)
                ),
                "no result",
            )
            line = f"{name}: freshness not measured: {why}"
            self.warnings.append(line)
            counts["not measured"] = counts.get("not measured", 0) + 1
            say(f"    warning: {line}")
        if blocking:
            advice = (
                "the loads have stopped? Land the feeds, or give AS_OF=YYYY-MM-DD to build a past date "
                "(freshness then only warns; FRESHNESS=warn never stops)"
            )
            raise NightStop(EXIT_FRESHNESS, [f"stale: {line}" for line in blocking] + [advice])
        summary = ", ".join(f"{count} {status}" for status, count in sorted(counts.items()))
        if past_date and (counts.get("error") or counts.get("warn")):
            summary += (
                f" against the clock; with an as_of_date given ({self.as_of}) they are warnings "
                "(kept in the run log) and the refusals check the feeds against that date"
            )
        return f"{len(results)} sources: {summary}"

    def refusals(self) -> str:
        code, output = self.dbt(
            "run-operation",
            "nightly_raw_facts",
            "--args",
            json.dumps({"today": str(self.today)}),
            heartbeat=still_running,
        )
        found = [line for line in output.splitlines() if "nightly_raw_facts: " in line]
        if code != 0 or not found:
            raise NightStop(
                EXIT_REFUSED,
                [
                    f"the raw tables could not be read (dbt run-operation nightly_raw_facts exit {code}):",
                    *dbt_failure(output),
                ],
            )
        facts = json.loads(found[-1].split("nightly_raw_facts: ", 1)[1])
        if self.as_of is None:
            self.as_of = facts["default_as_of_date"]
        problems = refused_tables(facts, self.as_of)
        if problems:
            raise NightStop(EXIT_REFUSED, problems + ["nothing was built: the marts are as they were"], "refused")
        if not self.args.as_of:
            last = last_good_night(self.args.log)
            if last is not None and last["as_of_date"] >= self.as_of:
                raise NightStop(
                    EXIT_NOT_ADVANCED,
                    [
                        f"the as_of_date did not advance: the latest deposit balance_date is {self.as_of}, and the last "
                        f"successful night ({last.get('finished_at', last.get('date'))}) built as_of_date "
                        f"{last['as_of_date']}. No new day has landed; to rebuild a date on purpose give "
                        "AS_OF=YYYY-MM-DD (make daily AS_OF=...)"
                    ],
                    "refused",
                )
        self.feeds = facts["feeds"]
        latest = ", ".join(
            f"{table} {facts['tables'][table]['last_day']}" for table in facts["feeds"] if table in facts["tables"]
        )
        return (
            f"as_of_date {self.as_of}{'' if self.args.as_of else ' (the latest deposit balance_date)'}; "
            f"feeds reach it ({latest})"
        )

    def build(self) -> str:
        on_line, heartbeat = self.progress("dbt build")
        code, output = self.dbt(
            "build",
            *NIGHTLY_OPTIONS,
            "--vars",
            json.dumps({"as_of_date": self.as_of}),
            *self.args.dbt_args,
            on_line=on_line,
            heartbeat=heartbeat,
        )
        done = [line.strip() for line in output.splitlines() if "Done. PASS=" in line]
        if code != 0:
            log = PROJECT_DIR / os.environ.get("DBT_LOG_PATH", "logs") / "dbt.log"
            raise NightStop(EXIT_BUILD, [f"dbt build failed (exit {code}); dbt's log: {log}", *dbt_failure(output)])
        self.rows_rejected = self.count_rejected()
        return done[-1].split("Done. ", 1)[-1] if done else "done"

    def count_rejected(self) -> int | None:
        """Rows in dq_rejected_rows after the build (None when it cannot be read)."""
        try:
            manifest = json.loads((self.target_path / "manifest.json").read_text(encoding="utf-8"))
            node = manifest["nodes"]["model.corp_tiering.dq_rejected_rows"]
            if self.engine == "duckdb":
                import duckdb

                with duckdb.connect(str(self.database), read_only=True) as con:
                    return con.execute(f'select count(*) from "{node["schema"]}"."{node["alias"]}"').fetchone()[0]
            code, output = self.dbt("run-operation", "nightly_rejected_rows", heartbeat=None)
            found = re.findall(r"nightly_rejected_rows: (\d+)", output)
            return int(found[-1]) if code == 0 and found else None
        except NightStop:
            raise
        except Exception as error:  # the count is for the summary only
            self.warnings.append(f"rows rejected not counted: {error}")
            return None

    def quality_gate(self) -> str:
        if self.engine == "duckdb":
            database = str(self.database)
        elif self.engine == "postgres":
            env = os.environ
            password = env.get("DBT_PG_PASSWORD", "")
            database = (
                f"postgresql://{env.get('DBT_PG_USER', 'postgres')}{':' + password if password else ''}"
                f"@{env.get('DBT_PG_HOST', '127.0.0.1')}:{env.get('DBT_PG_PORT', '5432')}"
                f"/{env.get('DBT_PG_DBNAME', 'corp_tiering')}"
            )
        else:
            return f"skipped: the gate reads DuckDB or PostgreSQL, not {self.engine}"
        thresholds = ["--thresholds", str(self.args.quality_thresholds)] if self.args.quality_thresholds else []
        code, output = self.script(
            QUALITY_GATE,
            "--database",
            database,
            "--as-of",
            self.as_of,
            "--docs-dir",
            str(self.args.quality_docs_dir),
            *thresholds,
        )
        locked = lock_message(output)
        if locked:
            raise NightStop(EXIT_LOCKED, [locked], "locked")
        if code != 0:
            raise NightStop(
                EXIT_QUALITY,
                [f"the quality gate failed (exit {code}): see the blocking expectations above and gx/thresholds.yml"],
            )
        return "passed"

    def publish(self) -> str:
        if self.engine != "duckdb":
            return f"skipped on {self.engine}: BI reads the marts schema through its role (README)"
        if not PUBLISH.exists():
            raise NightStop(
                EXIT_PUBLISH, [f"{PUBLISH.relative_to(PROJECT_DIR)} is missing: the marts cannot be published"]
            )
        code, _ = self.script(PUBLISH, "--database", str(self.database))
        if code != 0:
            raise NightStop(EXIT_PUBLISH, [f"publishing the marts failed (scripts/publish.py exit {code})"])
        return "published"

    # ---- the night
    def run(self) -> int:
        started = time.perf_counter()
        started_at = dt.datetime.now(dt.UTC)
        code, status, failed_step, reasons = EXIT_OK, "ok", None, []
        say(
            f"nightly {self.today}: target {self.target}, "
            f"{'as_of_date ' + self.as_of if self.as_of else 'default as_of_date'}, run log {self.args.log}"
        )
        for number, (name, step) in enumerate(self.steps, start=1):
            say(f"[{number}/{len(self.steps)}] {name} ...")
            step_started = time.perf_counter()
            try:
                outcome = step()
            except NightStop as stop:
                self.seconds[name] = round(time.perf_counter() - step_started, 1)
                code, status, failed_step, reasons = stop.code, stop.status, name, stop.lines
                for line in stop.lines:
                    say(f"nightly: {line}", file=sys.stderr)
                break
            except Exception as error:
                self.seconds[name] = round(time.perf_counter() - step_started, 1)
                code, status, failed_step = EXIT_ERROR, "failed", name
                reasons = [f"{name}: unexpected {type(error).__name__}: {error}"]
                say(f"nightly: {reasons[0]}", file=sys.stderr)
                break
            self.seconds[name] = round(time.perf_counter() - step_started, 1)
            say(f"    {name}: {outcome} ({self.seconds[name]} s)")
        total = round(time.perf_counter() - started, 1)
        rejected = "rows rejected n/a" if self.rows_rejected is None else f"{self.rows_rejected:,} rows rejected"
        what = status if code == EXIT_OK else f"{status} at {failed_step} (exit {code})"
        say(f"nightly {self.today}: as_of_date {self.as_of or 'unknown'} {what} in {total} s, {rejected}")
        entry = {
            "date": str(self.today),
            "as_of_date": self.as_of,
            "as_of_given": self.args.as_of is not None,
            "status": status,
            "exit_code": code,
            "failed_step": failed_step,
            "reasons": reasons,
            "seconds": self.seconds,
            "seconds_total": total,
            "rows_rejected": self.rows_rejected,
            "warnings": self.warnings,
            "target": self.target,
            "started_at": started_at.isoformat(timespec="seconds"),
            "finished_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        }
        self.args.log.parent.mkdir(parents=True, exist_ok=True)
        with self.args.log.open("a", encoding="utf-8") as handle:
            handle.write(json.dumps(entry, ensure_ascii=False) + "\n")
        return code


def project_vars() -> dict:
    """The vars of dbt_project.yml."""
    import yaml

    project = yaml.safe_load((PROJECT_DIR / "dbt_project.yml").read_text(encoding="utf-8"))
    return project.get("vars") or {}


def refused_tables(facts: dict, as_of: str | None) -> list[str]:
    """One line per raw table that makes the night impossible, naming its latest day."""
    schema, tables, feeds = facts["schema"], facts["tables"], facts["feeds"]
    problems = []
    for table, fact in sorted(tables.items()):
        # An optional table (docs/raw_data_contract.md "Optional tables") may be absent.
        if not fact["exists"] and not fact.get("optional"):
            problems.append(f"refused: {schema}.{table} is missing: land it (docs/raw_data_contract.md)")
    for table in [*feeds, *[t for t in facts["required"] if t not in feeds]]:
        fact = tables.get(table)
        if fact is None:
            problems.append(
                f"refused: {schema}.{table} (dbt var nightly_feeds or nightly_required_tables) is "
                "not a raw table of the contract"
            )
            continue
        if not fact["exists"]:
            continue
        if not fact["has_rows"]:
            problems.append(f"refused: {schema}.{table} is empty")
            continue
        if table not in feeds:
            continue
        column, lag = feeds[table]["date_column"], int(feeds[table].get("max_lag_days", 0))
        if fact["last_day"] is None:
            problems.append(f"refused: {schema}.{table} has no readable {column} up to {facts['today']}")
            continue
        if as_of is None:
            continue
        if as_of < fact["first_day"]:
            problems.append(
                f"refused: {schema}.{table} starts on {fact['first_day']} (latest {column} "
                f"{fact['last_day']}), after the as_of_date {as_of}"
            )
        elif dt.date.fromisoformat(fact["last_day"]) < dt.date.fromisoformat(as_of) - dt.timedelta(days=lag):
            allowed = f" (it may lag {lag} days)" if lag else ""
            problems.append(
                f"refused: {schema}.{table} latest {column} is {fact['last_day']}: it does not reach "
                f"the as_of_date {as_of}{allowed}"
            )
    if as_of is None and not problems:
        problems.append("refused: no deposit balance_date to take the as_of_date from")
    return problems


def last_good_night(log: Path) -> dict | None:
    """The latest entry of the run log whose night succeeded."""
    last = None
    if log.exists():
        for line in log.read_text(encoding="utf-8").splitlines():
            try:
                entry = json.loads(line)
            except json.JSONDecodeError:
                continue
            if entry.get("status") == "ok" and entry.get("as_of_date"):
                last = entry
    return last


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Our options, and the dbt build arguments after the first `--`."""
    ours, dbt_args = (argv[: argv.index("--")], argv[argv.index("--") + 1 :]) if "--" in argv else (argv, [])
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="Arguments after `--` go to `dbt build`, e.g. -- --full-refresh\n\n" + EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--as-of",
        type=dt.date.fromisoformat,
        metavar="YYYY-MM-DD",
        help="the as_of_date to build (default: the latest deposit balance_date, which "
        "must have advanced since the last successful night)",
    )
    parser.add_argument(
        "--freshness",
        choices=("auto", "stop", "warn"),
        default="auto",
        help="auto (default): a daily feed older than its freshness error_after stops the "
        "night when no --as-of is given; stop: any freshness error stops it; warn: never",
    )
    parser.add_argument(
        "--log",
        type=Path,
        help="run log, one JSON line per night (default: nightly.log.jsonl next to the DuckDB "
        "file of DBT_DUCKDB_PATH; warehouse/nightly.<target>.log.jsonl on other targets)",
    )
    parser.add_argument(
        "--quality-docs-dir",
        type=Path,
        default=PROJECT_DIR / "reports" / "quality_gate",
        help="where the quality gate writes its Data Docs (default reports/quality_gate)",
    )
    parser.add_argument(
        "--quality-thresholds",
        type=Path,
        metavar="PATH",
        help="the quality gate's thresholds file (default gx/thresholds.yml)",
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        default=dt.date.today(),
        metavar="YYYY-MM-DD",
        help="the day taken as today (default: the system date); raw days after it are not read",
    )
    args = parser.parse_args(ours)
    args.dbt_args = dbt_args
    if args.log is None:
        target = os.environ.get("DBT_TARGET", "duckdb")
        if engine_of(target) == "duckdb":
            args.log = (PROJECT_DIR / os.environ.get("DBT_DUCKDB_PATH", DEFAULT_DATABASE)).parent / "nightly.log.jsonl"
        else:
            args.log = PROJECT_DIR / "warehouse" / f"nightly.{target}.log.jsonl"
    return args


def engine_of(target: str) -> str:
    """The engine a dbt target runs on: the engine targets are named after theirs; `prod`,
    `dev` and a bank's own targets run on DBT_WAREHOUSE_ENGINE (profiles.yml)."""
    if target in ("duckdb", "postgres", "spark"):
        return target
    return os.environ.get("DBT_WAREHOUSE_ENGINE", "duckdb")


def main(argv: list[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    try:
        return Night(args).run()
    except KeyboardInterrupt:
        say("nightly: interrupted", file=sys.stderr)
        return EXIT_ERROR


if __name__ == "__main__":
    sys.exit(main())

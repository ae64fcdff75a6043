#!/usr/bin/env python3
"""The seeds fingerprint of seed CSV files, computed the way the warehouse computes it from
the loaded seeds (README "Which seeds made a slice"), to find which version of seeds/ a
history-mart slice was computed under.

Each value is read as its seed's column_types (seeds/_seeds.yml) type gives it as text: a
decimal in plain digits with its scale, an integer, `true`/`false`, a date `YYYY-MM-DD`,
text as written; an empty or blank field or `null` is null, as dbt's seed loader reads it. Then: value hash = md5 of that text (`null` for a null); row hash =
md5 of the row's value hashes in column order; seed hash = md5 of the column names joined
by `,`, `:`, and the sorted row hashes joined by `,`; fingerprint = md5 of the sorted
`seed_name=seed_hash` strings joined by `,`.

Usage:
    python scripts/seeds_fingerprint.py                       # the files in seeds/
    python scripts/seeds_fingerprint.py --seeds other/folder --verbose
    python scripts/seeds_fingerprint.py --rev HEAD~3 v1.2     # seeds/ as committed at each revision
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import hashlib
import io
import subprocess
import sys
from collections.abc import Callable
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parents[1]


def md5(text: str) -> str:
    return hashlib.md5(text.encode("utf-8")).hexdigest()


def value_text(raw: str, data_type: str) -> str | None:
    """A CSV field as the canonical text of the value loaded into `data_type` (the macro
    seed_value_text); None for what dbt's seed loader reads as null: an empty or blank
    field, or `null` in any case."""
    if raw.strip().lower() in ("", "null"):
        return None
    data_type = data_type.replace(" ", "").lower()
    if data_type.startswith(("decimal", "numeric")):
        scale = int(data_type.rstrip(")").split(",")[1]) if "," in data_type else 0
        return format(Decimal(raw.strip()).quantize(Decimal(1).scaleb(-scale), rounding=ROUND_HALF_UP), "f")
    if data_type in ("integer", "int", "bigint"):
        return str(int(raw))
    if data_type == "boolean":
        return raw.strip().lower()
    if data_type == "date":
        return dt.date.fromisoformat(raw.strip()).isoformat()
    if data_type.startswith(("varchar", "char", "text", "string")):
        return raw
    raise ValueError(f"no canonical text for a {data_type} column: seeds take text, integer, decimal, boolean, date")


def seed_hashes(read: Callable[[str], str]) -> dict[str, str]:
    """{seed name: content hash}; `read(path)` gives a file of the project as text."""
    spec = yaml.safe_load(read("seeds/_seeds.yml"))
    hashes = {}
    for seed in spec["seeds"]:
        types = seed["config"]["column_types"]
        reader = csv.reader(io.StringIO(read(f"seeds/{seed['name']}.csv").lstrip("\ufeff"), newline=""))
        header = next(reader)
        row_hashes = []
        for row in reader:
            texts = [value_text(raw, types[column]) for column, raw in zip(header, row, strict=True)]
            row_hashes.append(md5("".join("null" if text is None else md5(text) for text in texts)))
        hashes[seed["name"]] = md5(",".join(header) + ":" + ",".join(sorted(row_hashes)))
    return hashes


def fingerprint(hashes: dict[str, str]) -> str:
    return md5(",".join(sorted(f"{name}={value}" for name, value in hashes.items())))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seeds", type=Path, help="a folder holding _seeds.yml and the CSVs (default seeds/)")
    parser.add_argument("--rev", nargs="+", help="git revisions: seeds/ as committed at each")
    parser.add_argument("--verbose", action="store_true", help="each seed's hash too")
    args = parser.parse_args(argv)
    if args.rev:
        readers = {
            rev: (
                lambda path, rev=rev: subprocess.run(
                    ["git", "show", f"{rev}:{path}"], cwd=PROJECT_DIR, check=True, capture_output=True
                ).stdout.decode("utf-8")
            )
            for rev in args.rev
        }
    else:
        folder = args.seeds or PROJECT_DIR / "seeds"
        readers = {str(folder): lambda path: (folder / Path(path).name).read_text(encoding="utf-8")}
    for label, read in readers.items():
        hashes = seed_hashes(read)
        print(f"{fingerprint(hashes)}  {label}")
        if args.verbose:
            for name, value in sorted(hashes.items()):
                print(f"  {value}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

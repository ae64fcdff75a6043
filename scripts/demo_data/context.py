"""What one run of the generator shares between the modules that write its tables: the
options, the days the data covers, the DuckDB writer, and the manifest's lists of
planted rows and flagged values."""

from __future__ import annotations

import argparse
import datetime as dt
from dataclasses import dataclass, field

from .warehouse import RawWriter


@dataclass
class Run:
    args: argparse.Namespace
    writer: RawWriter
    as_of: dt.date  # the last day of the data
    start: dt.date  # the first day of the daily history
    planted: list[dict] = field(default_factory=list)
    flagged: list[dict] = field(default_factory=list)

    @classmethod
    def open(cls, args: argparse.Namespace) -> Run:
        """A run for the parsed command-line options, connected to its database."""
        as_of = dt.date.fromisoformat(args.as_of)
        writer = RawWriter(args.database, args.schema, args.memory_limit, args.quiet)
        return cls(args, writer, as_of, as_of - dt.timedelta(days=args.days - 1))

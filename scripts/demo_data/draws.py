"""The deterministic random draws and the SQL macros every table's generation calls.

Every draw is a hash of the seed, a salt naming the draw and the row's own key, so
neither thread scheduling nor the order of statements changes a value (docs/toolchain.md
§2.4): `rnd(salt, k)` and `rnd2(salt, k, j)` draw uniformly in [0, 1); `as_of()` and
`start_day()` are the last and first day of the data; `uscc_code(prefix, key)` is a
valid unified social credit code (USCC, GB 32100-2015) drawn from the key."""

from __future__ import annotations

import datetime as dt

from .warehouse import RawWriter

USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]


def create_macros(writer: RawWriter, seed: int, as_of: dt.date, start: dt.date) -> None:
    """Create the macros of the draws in the generator's DuckDB database."""
    # Uniform draw in [0, 1) from the seed, a salt and a key; deterministic.
    writer.sql(f"create or replace macro rnd(salt, k) as (hash({seed}, salt, k) % 1000000007) / 1000000007.0")
    writer.sql(f"create or replace macro rnd2(salt, k, j) as (hash({seed}, salt, k, j) % 1000000007) / 1000000007.0")
    writer.sql(f"create or replace macro as_of() as date '{as_of.isoformat()}'")
    writer.sql(f"create or replace macro start_day() as date '{start.isoformat()}'")
    writer.sql(f"create or replace macro uscc_charset() as '{USCC_CHARSET}'")
    writer.sql(f"create or replace macro uscc_weights() as {USCC_WEIGHTS}")
    writer.sql("""
        create or replace macro uscc_code(prefix, key) as (
            with parts as (
                select
                    prefix
                    || lpad(cast(110000 + (hash(key, 'adm') % 540000) as varchar), 6, '0')
                    || array_to_string(list_transform(range(9),
                           lambda i: substr(uscc_charset(), 1 + cast(hash(key, 'body', i) % 31 as integer), 1)), '')
                    as body17
            ),
            summed as (
                select body17, list_sum(list_transform(range(17),
                    lambda i: (strpos(uscc_charset(), substr(body17, i + 1, 1)) - 1) * uscc_weights()[i + 1])) as s
                from parts
            )
            select body17 || substr(uscc_charset(), 1 + cast((31 - s % 31) % 31 as integer), 1) from summed
        )
    """)

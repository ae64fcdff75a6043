"""The verdict as printed on the terminal: one line per expectation (suite, name, level,
pass or fail, observed value, limit), the counts, the Data Docs path and GATE PASSED or
GATE FAILED with the blocking failures."""

from __future__ import annotations

from summary import table  # the project's terminal table

from gate.verdict import GateResult


def shorten(text: str, width: int = 100) -> str:
    return text if len(text) <= width else text[: width - 3] + "..."


def report(result: GateResult) -> str:
    rows = [
        (o.suite, o.name, o.severity, "pass" if o.success else "FAIL", shorten(o.observed), o.limit)
        for o in result.outcomes
    ]
    lines = [
        f"Quality gate (质量闸门) on as_of_date {result.as_of}"
        + (f", previous {result.previous_as_of}" if result.previous_as_of else ", no previous as_of_date"),
        table(rows, ["suite", "expectation", "level", "result", "observed", "limit"]),
        "",
    ]
    blocking = result.blocking_failures
    warnings = [o.name for o in result.outcomes if not o.success and o.severity == "warning"]
    passed = sum(o.success for o in result.outcomes)
    lines.append(
        f"{passed} of {len(result.outcomes)} expectations passed; "
        f"{len(blocking)} blocking failure(s), {len(warnings)} warning(s); "
        f"{result.seconds:.1f} s ({result.profile_seconds:.1f} s profiling in SQL)"
    )
    if result.docs_index is not None:
        lines.append(f"Data Docs: {result.docs_index}")
    lines.append("GATE PASSED" if result.passed else "GATE FAILED: " + ", ".join(blocking))
    return "\n".join(lines)

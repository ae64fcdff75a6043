"""Where the gate's inputs are and what they say: paths and schema names, the thresholds
file gx/thresholds.yml (validated on load), and the contract's code lists read from dbt's
macro contract_codes."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import yaml

PROJECT_DIR = Path(__file__).resolve().parent.parent.parent
THRESHOLDS = PROJECT_DIR / "gx" / "thresholds.yml"
CONTRACT_CODES_MACRO = PROJECT_DIR / "macros" / "staging" / "raw_columns.sql"
DEFAULT_DOCS_DIR = PROJECT_DIR / "reports" / "quality_gate"
MARTS, SEEDS, HISTORY = "marts", "seeds", "quality"
HISTORY_TABLE = f"{HISTORY}.raw_row_counts"
SEVERITIES = {"blocking": "critical", "warning": "warning"}


def load_thresholds(path: Path) -> dict:
    config = yaml.safe_load(path.read_text(encoding="utf-8"))["expectations"]
    for name, entry in config.items():
        if entry.get("severity") not in SEVERITIES:
            raise SystemExit(f"{path}: {name}: severity must be blocking or warning, not {entry.get('severity')!r}")
        for item, severity in (entry.get("severity_by_item") or {}).items():
            if severity not in SEVERITIES:
                raise SystemExit(f"{path}: {name}.severity_by_item.{item}: must be blocking or warning")
    return config


def contract_codes() -> dict[str, list[str]]:
    """The contract's code lists that no seed carries, read from dbt's own definition
    (macro contract_codes) so that the gate and staging cannot disagree."""
    text = CONTRACT_CODES_MACRO.read_text(encoding="utf-8")
    match = re.search(r"set\s+codes\s*=\s*(\{.*?\})\s*-?%\}", text, re.S)
    if not match:
        raise SystemExit(f"{CONTRACT_CODES_MACRO}: cannot find the code lists of macro contract_codes")
    return ast.literal_eval(match.group(1))

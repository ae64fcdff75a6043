"""The conventions of the house style, checked on dbt's manifest and catalog (the
dbt-project-evaluator rules this project holds itself to)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

PREFIXES = {
    "staging": ("base_", "stg_", "rej_", "dq_"),
    "intermediate": ("int_",),
    "marts": ("fct_", "dim_", "mart_", "dq_"),
}
PK_TESTS = {"unique", "unique_combination_of_columns"}
# The seed-validation gate reads every seed: the one model allowed 7+ direct parents.
GATE = "int_controls__validated"


@pytest.fixture(scope="module")
def manifest(typed_warehouse) -> dict:
    return json.loads((typed_warehouse.target_path / "manifest.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalog(typed_warehouse) -> dict:
    return json.loads((typed_warehouse.target_path / "catalog.json").read_text(encoding="utf-8"))


def nodes(manifest: dict, resource_type: str) -> list[dict]:
    return [
        n
        for n in manifest["nodes"].values()
        if n["resource_type"] == resource_type and n["package_name"] == "corp_tiering"
    ]


def layer(node: dict) -> str:
    return Path(node["original_file_path"]).parts[1]


def test_models_are_named_for_their_layer_and_system(manifest):
    for node in nodes(manifest, "model"):
        parts = Path(node["original_file_path"]).parts
        assert node["name"].startswith(PREFIXES[parts[1]]), node["name"]
        if parts[1] == "staging":
            system = parts[2]
            assert re.fullmatch(rf"(base|stg|rej)_{system}__[a-z_]+|dq_{system}__rejected_rows", node["name"]), node[
                "name"
            ]


def test_only_base_models_read_sources_one_per_source_table(manifest):
    readers: dict[str, list[str]] = {}
    for node in nodes(manifest, "model"):
        for parent in node["depends_on"]["nodes"]:
            if parent.startswith("source."):
                readers.setdefault(parent, []).append(node["name"])
                assert node["name"].startswith("base_"), f"{node['name']} reads {parent}"
    sources = [s for s in manifest["sources"].values() if s["package_name"] == "corp_tiering"]
    assert len(sources) == 19  # 17 tables and the 2 optional ones
    for source in sources:
        assert len(readers.get(source["unique_id"], [])) == 1, source["unique_id"]


def test_dependencies_follow_the_layers(manifest):
    by_id = manifest["nodes"]
    for node in nodes(manifest, "model"):
        parents = [by_id[p] for p in node["depends_on"]["nodes"] if p.startswith("model.")]
        names = [p["name"] for p in parents]
        if node["name"] != GATE:
            assert len(node["depends_on"]["nodes"]) < 7, f"{node['name']} has 7 or more direct parents"
        if layer(node) == "marts":
            assert f"model.corp_tiering.{GATE}" in node["depends_on"]["nodes"], (
                f"mart {node['name']} must depend on {GATE}, the seed-validation gate"
            )
        if layer(node) == "staging":
            assert all(layer(p) == "staging" for p in parents), node["name"]
            if node["name"].startswith("base_"):
                assert not parents, f"{node['name']} reads models {names}"
            if node["name"].startswith("stg_"):
                own = node["name"].replace("stg_", "base_", 1)
                assert own in names, node["name"]
                assert all(n == own or n.startswith("stg_") for n in names), node["name"]
        # no model joins a source and a model
        if any(p.startswith("source.") for p in node["depends_on"]["nodes"]):
            assert not parents, node["name"]


def test_every_model_has_a_primary_key_test(manifest):
    tested = set()
    for test in nodes(manifest, "test"):
        metadata = test.get("test_metadata") or {}
        if metadata.get("name") in PK_TESTS and test.get("attached_node"):
            tested.add(test["attached_node"])
    for node in nodes(manifest, "model"):
        assert node["unique_id"] in tested, f"{node['name']} has no primary-key test"


def test_every_model_and_column_is_documented_and_exists(manifest, catalog):
    for node in nodes(manifest, "model") + nodes(manifest, "seed"):
        assert node["description"].strip(), f"{node['name']} has no description"
        documented = {name.lower(): c for name, c in node["columns"].items()}
        actual = {name.lower() for name in catalog["nodes"][node["unique_id"]]["columns"]}
        assert set(documented) == actual, (
            f"{node['name']}: undocumented {sorted(actual - set(documented))}, "
            f"documented but absent {sorted(set(documented) - actual)}"
        )
        for name, column in documented.items():
            assert column["description"].strip(), f"{node['name']}.{name} has no description"


def test_models_state_their_grain_in_english_and_chinese(manifest):
    for node in nodes(manifest, "model"):
        text = node["description"]
        assert re.search(r"[Oo]ne row per", text), f"{node['name']} does not state its grain"
        assert re.search(r"每.*一行", text), f"{node['name']} does not state its grain in Chinese"


def test_sources_are_documented_with_loader_freshness_and_pii_tags(manifest):
    for source in manifest["sources"].values():
        assert source["description"].strip() and source["source_description"].strip(), source["name"]
        assert source["loader"], source["unique_id"]
        has_freshness = source["freshness"] and (source["freshness"].get("warn_after") or {}).get("count")
        assert has_freshness or source["meta"].get("freshness_exempt_reason"), source["unique_id"]
        if has_freshness:
            assert source["loaded_at_field"], source["unique_id"]
        for name, column in source["columns"].items():
            assert column["description"].strip(), f"{source['unique_id']}.{name}"
            if name in ("customer_name", "uscc", "prospect_name"):
                assert "pii" in (column.get("tags") or []) + (column.get("config", {}).get("tags") or []), name


def test_every_macro_and_argument_is_documented(manifest):
    for macro in manifest["macros"].values():
        if macro["package_name"] != "corp_tiering":
            continue
        assert macro["description"].strip(), f"macro {macro['name']} has no description"
        for argument in macro["arguments"]:
            assert argument.get("description", "").strip(), f"{macro['name']}({argument['name']})"


# dbt's documented way of naming schemas: a project's own, not an override of internals.
EXTENSION_POINTS = {"generate_schema_name"}
ENGINE_PREFIXES = ("default__", "duckdb__", "postgres__", "spark__")


def test_overrides_of_dbt_internals_live_here_and_are_listed(manifest):
    """A macro of this project that replaces one of dbt or an adapter (same name, or the
    engine's implementation of a dispatched dbt macro) lives in macros/engines and is
    listed with its reason in macros/engines/README.md."""
    internal = {m["name"] for m in manifest["macros"].values() if m["package_name"] != "corp_tiering"}
    readme = (Path(__file__).resolve().parents[2] / "macros" / "engines" / "README.md").read_text(encoding="utf-8")
    overrides = []
    for macro in manifest["macros"].values():
        name = macro["name"]
        if macro["package_name"] != "corp_tiering" or name in EXTENSION_POINTS:
            continue
        prefix = next((p for p in ENGINE_PREFIXES if name.startswith(p)), None)
        base = name[len(prefix) :] if prefix else name
        if name in internal or (prefix and {f"default__{base}", base} & internal):
            overrides.append(name)
            assert macro["original_file_path"].startswith("macros/engines/"), (name, macro["original_file_path"])
            assert f"`{name}`" in readme, f"{name} overrides dbt internals: list it in macros/engines/README.md"
    # the four reasons of the README, found here on the manifest alone
    assert {"duckdb__create_table_as", "postgres__drop_relation", "default__collect_freshness"} <= set(overrides)


# English first, then a `中文：` part (the house style of every description).
CHINESE_PART = re.compile(r"中文\s*[：:]")


def bilingual(text: str | None) -> bool:
    """An English sentence, then `中文：` and Chinese."""
    marker = CHINESE_PART.search(text or "")
    if marker is None:
        return False
    english, chinese = text[: marker.start()], text[marker.end() :]
    return bool(re.search(r"[A-Za-z]{3,}", english)) and bool(re.search(r"[\u4e00-\u9fff]", chinese))


def test_every_description_is_in_english_and_chinese(manifest):
    """What `dbt docs generate` shows: every model, snapshot, seed, column, macro,
    argument, source and exposure is described in English and in Chinese."""
    missing = []
    for node in nodes(manifest, "model") + nodes(manifest, "seed") + nodes(manifest, "snapshot"):
        if not bilingual(node["description"]):
            missing.append(node["unique_id"])
        missing += [
            f"{node['unique_id']}.{name}"
            for name, column in node["columns"].items()
            if not bilingual(column["description"])
        ]
    for macro in manifest["macros"].values():
        if macro["package_name"] == "corp_tiering":
            if not bilingual(macro["description"]):
                missing.append(macro["unique_id"])
            missing += [
                f"{macro['unique_id']}({a['name']})" for a in macro["arguments"] if not bilingual(a.get("description"))
            ]
    for source in manifest["sources"].values():
        if not bilingual(source["description"]):
            missing.append(source["unique_id"])
        missing += [
            f"{source['unique_id']}.{name}"
            for name, column in source["columns"].items()
            if not bilingual(column["description"])
        ]
    missing += [e["unique_id"] for e in manifest["exposures"].values() if not bilingual(e["description"])]
    assert not missing, f"{len(missing)} descriptions lack English or a `中文：` part: {missing[:30]}"

"""Great Expectations: an ephemeral GX context, one checkpoint per suite run on its
profile frame (pandas), and the Data Docs site written to --docs-dir."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from gate.profiler import Gate


def gx_context(docs_dir: Path | None) -> Any:
    """An ephemeral GX context: stores in memory, and docs_dir as its only Data Docs
    site (GX's default ephemeral context adds a site in a fresh temporary folder)."""
    import great_expectations as gx
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites={}
        if docs_dir is None
        else {
            "quality_gate": {
                "class_name": "SiteBuilder",
                "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir)},
                "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
            }
        },
        analytics_enabled=False,
        progress_bars=ProgressBarsConfig(globally=False),
    )
    return gx.get_context(mode="ephemeral", project_config=config)


def validate(gate: Gate, docs_dir: Path | None) -> tuple[dict[str, Any], Path | None]:
    """Run every suite through a GX checkpoint on its profile frame; build Data Docs."""
    import great_expectations as gx

    if docs_dir is not None:
        docs_dir = docs_dir.resolve()  # GX's filesystem store wants an absolute path
        docs_dir.mkdir(parents=True, exist_ok=True)
        for stale in ("expectations", "validations"):  # pages of earlier runs
            shutil.rmtree(docs_dir / stale, ignore_errors=True)
        (docs_dir / "index.html").unlink(missing_ok=True)
    context = gx_context(docs_dir)
    source = context.data_sources.add_pandas("quality_gate_profiles")
    results: dict[str, Any] = {}
    for suite_name in dict.fromkeys(c.suite for c in gate.checks):
        frame = gate.frames[suite_name]
        checks = [c for c in gate.checks if c.suite == suite_name]
        batch = source.add_dataframe_asset(name=suite_name).add_batch_definition_whole_dataframe("profile")
        suite = context.suites.add(gx.ExpectationSuite(name=suite_name, meta={"as_of_date": str(gate.as_of)}))
        for check in checks:
            suite.add_expectation(check.expectation)
        definition = context.validation_definitions.add(
            gx.ValidationDefinition(name=suite_name, data=batch, suite=suite)
        )
        result_format: dict[str, Any] = {"result_format": "COMPLETE"}
        if "item" in frame.columns:
            result_format["unexpected_index_column_names"] = ["item"]
        else:
            result_format = {"result_format": "SUMMARY"}
        checkpoint = context.checkpoints.add(
            gx.Checkpoint(name=suite_name, validation_definitions=[definition], result_format=result_format)
        )
        run = checkpoint.run(batch_parameters={"dataframe": frame})
        for validation in run.run_results.values():
            for result in validation.results:
                results[result.expectation_config.meta["gate_name"]] = result
    index = None
    if docs_dir is not None:
        context.build_data_docs(site_names=["quality_gate"])
        index = docs_dir / "index.html"
    return results, index

"""benchmarks/report.py: each model's numbers keep their own BENCHMARKS.md section."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from report import model_title, resolver_label, resolver_title, write_section


def test_a_second_model_gets_its_own_section_and_a_rerun_replaces_only_its_own(
    tmp_path: Path,
) -> None:
    md = tmp_path / "BENCHMARKS.md"
    write_section(model_title("Dev-set accuracy", "fast"), "fast 1", md)
    write_section(model_title("Dev-set accuracy", "accurate"), "accurate 1", md)
    write_section(model_title("Dev-set accuracy", "fast"), "fast 2", md)
    text = md.read_text()
    assert "## Dev-set accuracy\n" in text and "## Dev-set accuracy (model accurate)\n" in text
    assert "fast 2" in text and "fast 1" not in text and "accurate 1" in text
    assert text.count("## Dev-set accuracy") == 2
    # no model named: the default's section (accurate, installed by setup.sh)
    write_section(model_title("Dev-set accuracy", None), "accurate 2", md)
    text = md.read_text()
    assert "accurate 2" in text and "accurate 1" not in text and "fast 2" in text


def test_a_run_is_labelled_by_the_model_it_ran() -> None:
    assert resolver_label("model", None) == "model `accurate`"  # the default (setup.sh)
    assert resolver_label("model", "fast") == "model `fast`"
    assert resolver_label("baseline", None) == "rule baseline"
    assert resolver_title("Batch throughput", "model", None) == "Batch throughput (model accurate)"
    assert resolver_title("Batch throughput", "model", "fast") == "Batch throughput"
    assert (
        resolver_title("Batch throughput", "baseline", None) == "Batch throughput (rule baseline)"
    )

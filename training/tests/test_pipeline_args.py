"""Where a training run writes: models/default only when named, never from a quick or real-data run.

    /usr/bin/python3 -m pytest -q tests/test_pipeline_args.py
"""
import os

import pytest

from osteon_training.pipeline import DEFAULT_OUT, HERE, parse


def test_a_run_of_the_defaults_does_not_replace_the_shipped_model():
    cfg = parse([])
    assert os.path.realpath(cfg.out) == os.path.realpath(os.path.join(HERE, "out", "run"))
    assert os.path.realpath(cfg.out) != os.path.realpath(DEFAULT_OUT)


def test_the_recipe_writes_models_default_when_it_names_it():
    cfg = parse(["--width", "48", "--size", "192", "--out", DEFAULT_OUT])
    assert os.path.realpath(cfg.out) == os.path.realpath(DEFAULT_OUT)
    assert (cfg.width, cfg.size) == (48, 192)


@pytest.mark.parametrize("extra", [["--quick"], ["--data", "/nowhere", "--format", "btxrd"]])
def test_quick_and_real_data_runs_refuse_models_default(extra):
    with pytest.raises(SystemExit):
        parse(extra + ["--out", DEFAULT_OUT])

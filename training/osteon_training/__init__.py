"""Osteon training: synthetic phantoms, loaders, model, calibration, evaluation, export.

Run everything from `training/`:

    bash recipes/default.sh                                  # reproduce ../models/default (two runs)
    /usr/bin/python3 -m osteon_training.pipeline            # one run of the Config defaults into out/run
    /usr/bin/python3 -m osteon_training.pipeline --quick    # CI smoke run (< 3 min, temp dir)
    /usr/bin/python3 -m pytest -q tests
"""
__version__ = "0.1.0"

"""Osteon training: synthetic phantoms, loaders, model, calibration, evaluation, export.

Run everything from `training/`:

    /usr/bin/python3 -m osteon_training.pipeline            # reproduce ../models/default
    /usr/bin/python3 -m osteon_training.pipeline --quick    # CI smoke run (< 3 min, temp dir)
    /usr/bin/python3 -m pytest -q tests
"""
__version__ = "0.1.0"

"""Data sources. Every loader yields `Record`s (see datasets/phantom.py) whose pixels go through
`preprocess.preprocess_pixels`, the one implementation of `osteon-xr-pre-v1`."""

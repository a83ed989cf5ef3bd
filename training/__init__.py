"""Training side of corefine's neural model (torch); never imported by the package.

Run from the repository root, e.g. ``python -m training.train --help``.
"""

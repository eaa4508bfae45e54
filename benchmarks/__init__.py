"""Benchmarks: a synthetic corpus generator (``corpus``) and the scale benchmark (``run``).

Why a package: the tests import both modules, and ``python -m benchmarks.run`` needs the
generator importable. Nothing here is used by the build itself.
"""

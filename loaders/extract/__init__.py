"""Extractors: each finds one kind of fact in a report's sentences."""

"""Fixtures shared by the test suites of every package in this repository (not shipped)."""

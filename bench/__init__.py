"""Benchmarks of the book (``make bench`` runs ``python -m bench.run``): they print figures and
assert nothing."""

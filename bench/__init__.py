"""The benchmark suite: dicodec side by side with pydicom, on the same inputs, in one run.

`make bench` (or `python -m bench`) prints the table and writes
bench/results/latest.json; never part of `make test`.
"""

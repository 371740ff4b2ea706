"""A fuzzer for dicodec: mutated and hostile files must end in success or a `DicomError`.

`python -m fuzz` (or `make fuzz`) runs it for a given time: a seeded mutation
loop, or coverage-guided with atheris (`--engine atheris`) when it is installed.
`tests/fuzz` runs a fixed, seeded slice of the loop in CI.

- `seeds`: the files mutations start from (pydicom's test corpus, and files dicodec builds)
- `mutate`: the mutations, byte-level and element-aware, and the hostile files
- `target`: what is done with each input (read, decode, pixels, write back)
- `runner`: the loop, its limits (time, memory) and its report
"""

# Checked by mypy --strict and pyright in tests/typing/test_accessor_types.py: each marked line is an error.
from dicodec import Dataset

ds = Dataset()
ds.PatientNmae  # E: misspelt keyword on get
ds.PatientNmae = "Doe^John"  # E: misspelt keyword on set
ds.Rows = "512"  # E: Rows is US: an int, not text
ds.PatientName = 5  # E: PN takes text

# Checked by mypy --strict and pyright in tests/typing/test_iod_types.py: each marked line is an error.
from dicodec import Dataset
from dicodec.iods import CTImage, RTPlan

ds = Dataset()
ct = CTImage(ds)
plan = RTPlan(ds)
plan.BeamSequence[0]  # E: RT Beams is a conditional module of RT Plan: check for None first
ct.BeamSequence  # E: not an attribute of the CT Image IOD
ct.Rows = "512"  # E: Rows is US: an int, not text
ct.Rows + None  # E: Rows is Type 1 of a mandatory module: an int, never None
from dicodec.iods import CTImag  # E: no IOD has that name

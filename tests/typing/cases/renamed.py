# pyright: reportDeprecated=true
# Checked in tests/typing/test_accessor_types.py: a keyword the standard renamed (2026c) works
# with a DeprecationWarning, and type checkers flag its use as deprecated.
from dicodec import Dataset

ds = Dataset()
ds.SummarizedFilterLookupTable  # E: renamed SummarizedFilterLookupTableSequence
ds.SummarizedFilterLookupTable = []  # E: setting it too
ds.AnalogFilterType  # E: renamed AnalogFilterTypeCodeSequence
del ds.AnalogFilterType  # E: deleting it too
ds.SummarizedFilterLookupTableSequence = []  # the new keywords are not deprecated
ds.AnalogFilterTypeCodeSequence

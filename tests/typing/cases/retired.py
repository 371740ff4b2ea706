# pyright: reportDeprecated=true
# Checked in tests/typing/test_accessor_types.py: using a retired keyword is flagged as deprecated.
from dicodec import Dataset

ds = Dataset()
ds.LossyImageCompressionRetired  # E: retired (0008,2110): deprecated
ds.PatientName  # not retired

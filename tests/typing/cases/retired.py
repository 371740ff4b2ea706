# pyright: reportDeprecated=true
# Checked in tests/typing/test_accessor_types.py: using a retired keyword is flagged as deprecated.
from dicodec import Dataset

ds = Dataset()
ds.LossyImageCompressionRetired  # E: retired (0008,2110): deprecated
ds.PatientName  # not retired

# The IOD views mark retired attributes the same way (generated as RetiredAttribute).
from dicodec.iods.views import ItemView, RetiredAttribute


class DoseItem(ItemView):
    DoseValue: RetiredAttribute[float | None, float | None] = RetiredAttribute(0x30040012, "3")


DoseItem(ds).DoseValue  # E: a retired attribute of a view: deprecated
DoseItem(ds).DoseValue = 1.0  # E: and setting it

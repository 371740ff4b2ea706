# Checked by mypy --strict and pyright in tests/typing/test_accessor_types.py: no errors expected.
from dicodec import Dataset, Sequence
from dicodec.values import IS, DSfloat, MultiValue, PersonName

ds = Dataset()
ds.PatientName = "Doe^John"
ds.Rows = 512
ds.ImagePositionPatient = [0.0, 1.5, "2.25"]
ds.SeriesNumber = 5
ds.BeamSequence = [Dataset()]

name: PersonName = ds.PatientName
rows: int | None = ds.Rows
position: MultiValue[DSfloat] | None = ds.ImagePositionPatient
number: IS | None = ds.SeriesNumber
beams: Sequence = ds.BeamSequence


def read_back(other: Dataset) -> None:
    # a fresh dataset: nothing assigned, so the checker shows the declared types
    reveal_type(other.PatientName)
    reveal_type(other.Rows)
    reveal_type(other.ImagePositionPatient)

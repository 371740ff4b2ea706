# Checked by mypy --strict and pyright in tests/typing/test_iod_types.py: no errors expected.
from dicodec import Dataset
from dicodec.iods import CTImage, EnhancedCTImage, RTPlan
from dicodec.values import UID, DSfloat


def read(ds: Dataset) -> None:
    ct = CTImage(ds)
    ect = EnhancedCTImage(ds)
    plan = RTPlan(ds)
    reveal_type(ct.Rows)
    reveal_type(ct.SliceThickness)
    reveal_type(ect.DimensionOrganizationSequence[0].DimensionOrganizationUID)
    area: int = ct.Rows * ct.Columns
    spacing: float = ct.PixelSpacing[0]
    thickness: DSfloat | None = ct.SliceThickness
    uid: UID = ect.DimensionOrganizationSequence[0].DimensionOrganizationUID
    beams = plan.BeamSequence
    if beams is not None:
        reveal_type(beams[0].BeamNumber)
        names = [beam.BeamName for beam in beams]
    ct.Rows = 512
    ct.SliceThickness = 2.5
    ct.ReferencedImageSequence = [Dataset()]
    print(area, spacing, thickness, uid)

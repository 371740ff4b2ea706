"""A generated study of several series with cross-references, written by dicodec itself."""

from __future__ import annotations

from pathlib import Path

from dicodec import Dataset, FileMetaDataset, dcmwrite
from dicodec.generated.uid_constants import (
    CTImageStorage,
    ExplicitVRLittleEndian,
    GrayscaleSoftcopyPresentationStateStorage,
)

PATIENT = {
    "PatientName": "Quixote^Alonso^Q",
    "PatientID": "QX-55821",
    "PatientBirthDate": "19470312",
}
STUDY_DATE = "20240110"


def _uid(*parts: int) -> str:
    return "1.2.826.0.1.3680043.10.1137." + ".".join(str(p) for p in parts)


def _item(**values: object) -> Dataset:
    item = Dataset()
    for keyword, value in values.items():
        setattr(item, keyword, value)
    return item


def _meta(sop_class: str, sop_instance: str) -> FileMetaDataset:
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = sop_class
    meta.MediaStorageSOPInstanceUID = sop_instance
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    return meta


def _common(ds: Dataset, series: int, day: int) -> None:
    for keyword, value in PATIENT.items():
        setattr(ds, keyword, value)
    ds.StudyInstanceUID = _uid(1)
    ds.SeriesInstanceUID = _uid(1, series)
    ds.FrameOfReferenceUID = _uid(9)
    ds.StudyDate = STUDY_DATE
    ds.SeriesDate = f"202401{10 + day:02d}"
    ds.ContentDate = f"202401{10 + day:02d}"
    ds.StudyTime = "101500"
    ds.AccessionNumber = "ACC-99127"
    ds.InstitutionName = "Hospital of La Mancha"
    ds.ReferringPhysicianName = "Panza^Sancho"
    ds.StudyID = "STUDY-4411"
    ds.SeriesNumber = series


def build(folder: Path, series: int = 3, images: int = 4) -> list[Path]:
    """`series` CT series of `images` images, each image referencing the previous one and
    the first image of the first series (Referenced Image Sequence, Source Image Sequence),
    and one presentation state referencing every image by series."""
    paths = []
    instances: dict[int, list[str]] = {}
    for s in range(1, series + 1):
        for i in range(1, images + 1):
            sop = _uid(1, s, i)
            instances.setdefault(s, []).append(sop)
            ds = Dataset()
            ds.file_meta = _meta(CTImageStorage, sop)
            ds.SOPClassUID = CTImageStorage
            ds.SOPInstanceUID = sop
            _common(ds, s, s)
            ds.InstanceNumber = i
            ds.ContentTime = f"1{s}{i:02d}00"
            refs = [_uid(1, 1, 1)] + ([_uid(1, s, i - 1)] if i > 1 else [])
            ds.ReferencedImageSequence = [
                _item(ReferencedSOPClassUID=CTImageStorage, ReferencedSOPInstanceUID=r)
                for r in refs
            ]
            ds.SourceImageSequence = [
                _item(ReferencedSOPClassUID=CTImageStorage, ReferencedSOPInstanceUID=refs[0])
            ]
            ds.Rows, ds.Columns = 4, 4
            ds.BitsAllocated, ds.BitsStored, ds.HighBit = 16, 12, 11
            ds.SamplesPerPixel, ds.PixelRepresentation = 1, 0
            ds.PhotometricInterpretation = "MONOCHROME2"
            ds.PixelData = bytes(range(s * 16 + i, s * 16 + i + 32))
            path = folder / f"series{s}" / f"image{i}.dcm"
            path.parent.mkdir(parents=True, exist_ok=True)
            dcmwrite(path, ds, enforce_file_format=True)
            paths.append(path)
    ps = Dataset()
    sop = _uid(2, 1)
    ps.file_meta = _meta(GrayscaleSoftcopyPresentationStateStorage, sop)
    ps.SOPClassUID = GrayscaleSoftcopyPresentationStateStorage
    ps.SOPInstanceUID = sop
    _common(ps, 99, 5)
    ps.ReferencedSeriesSequence = [
        _item(
            SeriesInstanceUID=_uid(1, s),
            ReferencedImageSequence=[
                _item(ReferencedSOPClassUID=CTImageStorage, ReferencedSOPInstanceUID=u)
                for u in uids
            ],
        )
        for s, uids in instances.items()
    ]
    path = folder / "pr" / "state.dcm"
    path.parent.mkdir(parents=True, exist_ok=True)
    dcmwrite(path, ps, enforce_file_format=True)
    paths.append(path)
    return paths

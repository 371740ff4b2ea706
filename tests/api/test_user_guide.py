"""pydicom's user-guide tasks, written for pydicom and run renamed to dicodec.

Each example below is a pydicom 3 script for one task of pydicom's user guide
(reading, writing, anonymizing, pixel data, File-sets, JSON), written here for
this test. It runs as it is with pydicom, then with every `pydicom` replaced by
`dicodec` (the port by renaming that the migration guide promises), and both
runs must leave the same `result`: private elements written to an Implicit VR file
included, which both read back with their private dictionary's VRs. `corpus` is
pydicom's test file folder and `out` a folder for the files the script writes.
"""

from __future__ import annotations

import shutil
import warnings
from pathlib import Path
from typing import Any

import pytest

from tests.api.oracle import plain
from tests.conftest import pydicom_test_files

READING = """
from pydicom import dcmread

ds = dcmread(corpus / "CT_small.dcm")
element = ds[0x0010, 0x0010]
result = {
    "name": ds.PatientName,
    "family name": ds.PatientName.family_name,
    "size": (ds.Rows, ds.Columns),
    "spacing": ds.PixelSpacing,
    "by tag": ds[0x0010, 0x0020].value,
    "by keyword": ds["PatientID"].value,
    "element": (element.keyword, element.name, element.VR, element.VM, element.tag),
    "in": ("PatientName" in ds, 0x00100010 in ds, "AcquisitionTime" in ds, "Rows" in ds),
    "dir": ds.dir("pat"),
    "get": (ds.get("PatientWeight", "unknown"), ds.get("WindowCenter")),
    "length": len(ds),
    "transfer syntax": (ds.file_meta.TransferSyntaxUID, ds.file_meta.TransferSyntaxUID.name),
    "implicit": ds.file_meta.TransferSyntaxUID.is_implicit_VR,
    "sop class": ds.SOPClassUID.name,
}
with open(corpus / "CT_small.dcm", "rb") as f:
    result["from a file object"] = dcmread(f).SOPInstanceUID
result["stop before pixels"] = "PixelData" in dcmread(corpus / "CT_small.dcm", stop_before_pixels=True)
result["deferred"] = len(dcmread(corpus / "CT_small.dcm", defer_size="512 KB").PixelData)
only = dcmread(corpus / "CT_small.dcm", specific_tags=["PatientName", "Rows"])
result["specific tags"] = [element.keyword for element in only]

plan = dcmread(corpus / "rtplan.dcm")
result["beams"] = [(beam.BeamName, beam.BeamNumber) for beam in plan.BeamSequence]
result["nested"] = plan.BeamSequence[0].ControlPointSequence[0].NominalBeamEnergy
result["nested by tag"] = plan[0x300A, 0x00B0][0][0x300A, 0x00C2].value
names = []
plan.walk(lambda dataset, element: names.append(element.keyword) if element.VR == "PN" else None)
result["walked"] = names
result["all elements"] = len(list(plan.iterall()))
"""

WRITING = """
from pydicom import dcmread
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import CTImageStorage, ExplicitVRLittleEndian, ImplicitVRLittleEndian

meta = FileMetaDataset()
meta.MediaStorageSOPClassUID = CTImageStorage
meta.MediaStorageSOPInstanceUID = "1.2.3.4.5.6.7"
meta.TransferSyntaxUID = ExplicitVRLittleEndian

ds = Dataset()
ds.file_meta = meta
ds.SOPClassUID = CTImageStorage
ds.SOPInstanceUID = "1.2.3.4.5.6.7"
ds.PatientName = "Citizen^Jan"
ds.PatientID = "123456"
ds.StudyDate = "20240131"
ds.Modality = "CT"
ds.ImageType = ["ORIGINAL", "PRIMARY", "AXIAL"]
ds.SliceThickness = 1.25
ds.Rows = 2
ds.Columns = 2
ds.add_new(0x00100030, "DA", "19800101")
code = Dataset()
code.CodeValue = "113691"
code.CodingSchemeDesignator = "DCM"
code.CodeMeaning = "IEC Body Dosimetry Phantom"
ds.ProcedureCodeSequence = Sequence([code])
ds.save_as(out / "new.dcm", enforce_file_format=True)

back = dcmread(out / "new.dcm")
result = {
    "values": back.to_json_dict(),
    "preamble": back.preamble,
    "meta": (back.file_meta.TransferSyntaxUID, back.file_meta.MediaStorageSOPClassUID),
    "code": back.ProcedureCodeSequence[0].CodeMeaning,
}

# change a file and write it back
ds = dcmread(corpus / "CT_small.dcm")
ds.PatientName = "Anonymous^Patient"
ds.PatientID = "0000"
del ds.PatientBirthDate
del ds[0x0008, 0x0090]
ds.save_as(out / "changed.dcm")
changed = dcmread(out / "changed.dcm")
result["changed"] = (changed.PatientName, changed.PatientID, "PatientBirthDate" in changed)
result["changed values"] = changed.to_json_dict()
ds.file_meta.TransferSyntaxUID = ImplicitVRLittleEndian
ds.save_as(out / "implicit.dcm")
implicit = dcmread(out / "implicit.dcm")
result["implicit"] = implicit.file_meta.TransferSyntaxUID
result["implicit values"] = implicit.to_json_dict()
result["private"] = [(e.tag, e.VR, e.name) for e in implicit if e.tag.is_private]
"""

ANONYMIZING = """
from pydicom import dcmread

def person_names(dataset, element):
    if element.VR == "PN":
        element.value = "anonymous"

def curves(dataset, element):
    if element.tag.group & 0xFF00 == 0x5000:
        del dataset[element.tag]

ds = dcmread(corpus / "MR_small.dcm")
ds.PatientID = "id"
ds.walk(person_names)
ds.walk(curves)
for keyword in ("OtherPatientIDs", "OtherPatientIDsSequence", "PatientAddress"):
    if keyword in ds:
        delattr(ds, keyword)
for keyword in ("PatientBirthDate", "PatientSex"):
    if keyword in ds:
        ds.data_element(keyword).value = ""
ds.remove_private_tags()
ds.save_as(out / "anonymous.dcm")

back = dcmread(out / "anonymous.dcm")
result = {
    "values": back.to_json_dict(),
    "names": [element.value for element in back.iterall() if element.VR == "PN"],
    "private": [element.tag for element in back if element.tag.is_private],
}
"""

PIXELS = """
import numpy as np
from pydicom import dcmread
from pydicom.uid import RLELossless
from pydicom.encaps import encapsulate, generate_frames
from pydicom.pixels import apply_modality_lut, apply_voi_lut

ds = dcmread(corpus / "CT_small.dcm")
arr = ds.pixel_array
result = {"shape": arr.shape, "dtype": str(arr.dtype), "sum": int(arr.sum())}

hu = apply_modality_lut(arr, ds)
result["hounsfield"] = (float(hu.min()), float(hu.max()))
windowed = apply_voi_lut(hu, ds)
result["windowed"] = float(windowed.mean())

ds.PixelData = np.where(arr < 300, 0, arr).astype(arr.dtype).tobytes()
ds.save_as(out / "thresholded.dcm")
result["thresholded"] = int(dcmread(out / "thresholded.dcm").pixel_array.sum())

ds = dcmread(corpus / "CT_small.dcm")
smaller = ds.pixel_array[::2, ::2]
ds.PixelData = smaller.tobytes()
ds.Rows, ds.Columns = smaller.shape
ds.save_as(out / "smaller.dcm")
result["smaller"] = dcmread(out / "smaller.dcm").pixel_array.tolist()

ds = dcmread(corpus / "CT_small.dcm")
ds.compress(RLELossless)
ds.save_as(out / "rle.dcm")
rle = dcmread(out / "rle.dcm")
result["compressed"] = (rle.file_meta.TransferSyntaxUID, np.array_equal(rle.pixel_array, arr))

ds = dcmread(corpus / "SC_rgb_rle_2frame.dcm")
frames = list(generate_frames(ds.PixelData, number_of_frames=ds.NumberOfFrames))
result["frames"] = [len(frame) for frame in frames]
before = ds.pixel_array
ds.PixelData = encapsulate(frames[::-1])
ds.save_as(out / "swapped.dcm")
swapped = dcmread(out / "swapped.dcm").pixel_array
result["swapped"] = (np.array_equal(swapped[0], before[1]), np.array_equal(swapped[1], before[0]))

ds = dcmread(corpus / "SC_rgb_rle_2frame.dcm")
result["rgb"] = (ds.pixel_array.shape, ds.PhotometricInterpretation, int(ds.pixel_array[1].sum()))
"""

FILESET = """
from pydicom import dcmread
from pydicom.fileset import FileSet

fs = FileSet(root / "DICOMDIR")
result = {
    "size": len(fs),
    "patients": fs.find_values("PatientID"),
    "studies": fs.find_values(["StudyInstanceUID", "StudyDescription"]),
}
found = fs.find(PatientID="77654033", Modality="CT")
result["found"] = [instance.SOPInstanceUID for instance in found]
result["loaded"] = [instance.load().InstanceNumber for instance in found]
result["by contents"] = len(fs.find(load=True, Rows=512))
for instance in fs:
    if instance.PatientID == "98890234":
        result.setdefault("paths", []).append(instance.path.replace(str(root), ""))

fs.remove(found)
fs.add(dcmread(corpus / "CT_small.dcm"))
fs.add(corpus / "MR_small.dcm")
fs.write()
result["after"] = [(i.FileID, i.SOPInstanceUID) for i in FileSet(root / "DICOMDIR")]

new = FileSet()
new.ID = "MY_FILESET"
for name in ("CT_small.dcm", "MR_small.dcm", "JPEG2000.dcm"):
    new.add(corpus / name)
new.write(out / "new-fileset")
again = FileSet(out / "new-fileset" / "DICOMDIR")
result["new"] = (again.ID, [(i.FileID, i.SOPClassUID) for i in again])
result["tree"] = [str(node) for node in again._tree]
"""

JSON = """
import json
from pydicom import dcmread
from pydicom.dataset import Dataset

ds = dcmread(corpus / "CT_small.dcm")
text = ds.to_json()
model = json.loads(text)
result = {"model": model, "keys": list(model)[:5]}
result["round trip"] = Dataset.from_json(text) == ds
result["from dict"] = Dataset.from_json(ds.to_json_dict()).PatientName

uris = []
def bulk_data(element):
    uri = f"https://example.org/bulk/{element.tag:08X}"
    uris.append(uri)
    return uri

result["bulk"] = json.loads(ds.to_json(bulk_data_threshold=1024, bulk_data_element_handler=bulk_data))
result["uris"] = uris
result["pretty"] = ds.to_json(dump_handler=lambda d: json.dumps(d, indent=2, sort_keys=True))

def fetch(tag, vr, uri):
    return b"\\x00\\x01" * 4

back = Dataset.from_json(result["bulk"], bulk_data_uri_handler=fetch)
result["fetched"] = back.PixelData
element_model = ds["PatientName"].to_json_dict(None, 1024)
result["element"] = element_model
"""

EXAMPLES = {
    "reading": READING,
    "writing": WRITING,
    "anonymizing": ANONYMIZING,
    "pixels": PIXELS,
    "fileset": FILESET,
    "json": JSON,
}


def _run(name: str, library: str, tmp_path: Path) -> Any:
    source = EXAMPLES[name]
    if library == "dicodec":
        source = source.replace("pydicom", "dicodec")
    out = tmp_path / library
    out.mkdir()
    root = tmp_path / f"{library}-fileset"
    shutil.copytree(pydicom_test_files() / "dicomdirtests", root)
    namespace: dict[str, Any] = {"corpus": pydicom_test_files(), "out": out, "root": root}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        exec(compile(source, f"<{name} example, {library}>", "exec"), namespace)
    return plain(namespace["result"])


@pytest.mark.parametrize("name", list(EXAMPLES))
def test_renamed_example_gives_pydicoms_result(name: str, tmp_path: Path) -> None:
    expected = _run(name, "pydicom", tmp_path)
    result = _run(name, "dicodec", tmp_path)
    for key in expected:
        assert result.get(key) == expected[key], key
    assert result == expected

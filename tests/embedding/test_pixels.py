"""`--pixels`: the package decodes native Pixel Data as dicodec does, with numpy imported only
when pixels are asked for, and refuses compressed Pixel Data, which dicodec decodes."""

from __future__ import annotations

import importlib
import subprocess
import sys
import warnings
from collections.abc import Iterator
from types import ModuleType

import numpy as np
import pytest

import dicodec
from tests.conftest import pydicom_test_files
from tests.embedding.conftest import Package

NATIVE = (
    "CT_small.dcm",
    "MR_small.dcm",
    "MR_small_implicit.dcm",
    "MR_small_bigendian.dcm",
    "image_dfl.dcm",
    "SC_rgb_small_odd.dcm",
    "SC_rgb_small_odd_big_endian.dcm",
    "SC_ybr_full_422_uncompressed.dcm",
    "rtdose_expb.dcm",
    "MR_small_expb.dcm",
)


@pytest.fixture(scope="module")
def ctpix(pixel_package: Package) -> Iterator[ModuleType]:
    sys.path.insert(0, str(pixel_package.root))
    try:
        yield importlib.import_module("ctpix")
    finally:
        sys.path.remove(str(pixel_package.root))


def test_the_pixels_are_dicodecs_native_decoder(pixel_package: Package) -> None:
    files = pixel_package.embedded.files
    assert pixel_package.embedded.sources["pixels/__init__.py"] == "runtime/pixels/native_array.py"
    assert {"pixels/native.py", "pixels/description.py"} <= set(files)
    for absent in ("pixels/plugins.py", "pixels/rle.py", "pixels/encoders/__init__.py"):
        assert absent not in files
    assert "Dataset.pixel_array" not in pixel_package.embedded.removed["dicodec.dataset"]


@pytest.mark.parametrize("name", NATIVE)
def test_native_pixels_as_dicodec_decodes_them(ctpix: ModuleType, name: str) -> None:
    path = pydicom_test_files() / name
    if not path.exists():
        pytest.skip(f"{name} is not in this pydicom's corpus")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ours = ctpix.dcmread(path).pixel_array
        theirs = dicodec.dcmread(path).pixel_array
    assert ours.dtype == theirs.dtype and np.array_equal(ours, theirs)


def test_compressed_pixels_are_refused(ctpix: ModuleType) -> None:
    # (the package's warnings are not let out: pytest-xdist would have to import their class)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ds = ctpix.dcmread(pydicom_test_files() / "JPEG2000.dcm")
        with pytest.raises(ctpix.UnsupportedTransferSyntaxError, match="native Pixel Data only"):
            ds.pixel_array  # noqa: B018


def test_numpy_is_imported_when_pixels_are_asked_for(pixel_package: Package) -> None:
    code = (
        "import sys, ctpix\n"
        "before = 'numpy' in sys.modules\n"
        f"ctpix.dcmread({str(pydicom_test_files() / 'CT_small.dcm')!r}).pixel_array\n"
        "print(before, 'numpy' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        env={"PYTHONPATH": str(pixel_package.root)},
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["False", "True"]

"""The embedded package the tests share: the CT selection of docs/embedding.md, rendered once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from codegen import spec as spec_module
from codegen.embedding.command import write
from codegen.embedding.package import Checkout, Embedded, render
from codegen.embedding.selection import Request, Selection, resolve

REPO = Path(__file__).resolve().parent.parent.parent
# the typical selection: the CT Image IOD's patient, study, series and image modules
CT_OPTIONS = (
    "--iod",
    "CTImage",
    "--module",
    "Patient,GeneralStudy,GeneralSeries,GeneralImage",
)
CT_REQUEST = Request(
    package="ctcodec",
    output="vendor",
    iods=("CTImage",),
    modules=("Patient", "GeneralStudy", "GeneralSeries", "GeneralImage"),
)


@dataclass(frozen=True)
class Package:
    root: Path  # the folder holding the package (what goes on sys.path)
    embedded: Embedded
    selection: Selection

    @property
    def path(self) -> Path:
        return self.root / self.selection.request.package


@pytest.fixture(scope="session")
def loaded_spec() -> spec_module.Spec:
    return spec_module.load(REPO / "spec")


@pytest.fixture(scope="session")
def ct_package(tmp_path_factory: pytest.TempPathFactory, loaded_spec: spec_module.Spec) -> Package:
    selection = resolve(loaded_spec, CT_REQUEST, REPO)
    embedded = render(loaded_spec, selection, Checkout())
    root = tmp_path_factory.mktemp("embedded")
    write(embedded, root / "ctcodec")
    return Package(root, embedded, selection)


PIXELS_REQUEST = Request(
    package="ctpix",
    output="vendor",
    iods=("CTImage",),
    modules=("Patient", "GeneralStudy", "GeneralSeries", "GeneralImage", "ImagePixel"),
    pixels=True,
)


@pytest.fixture(scope="session")
def pixel_package(ct_package: Package, loaded_spec: spec_module.Spec) -> Package:
    """The CT selection with the Image Pixel module and `--pixels`, beside the CT package."""
    selection = resolve(loaded_spec, PIXELS_REQUEST, REPO)
    embedded = render(loaded_spec, selection, Checkout())
    write(embedded, ct_package.root / "ctpix")
    return Package(ct_package.root, embedded, selection)

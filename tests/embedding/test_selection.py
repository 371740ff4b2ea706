"""What `dicodec embed` selects: keywords, IODs and their modules, transfer syntaxes; and the
error for a keyword of the standard that a package leaves out."""

from __future__ import annotations

from pathlib import Path

import pytest

import dicodec.datadict
from codegen import spec as spec_module
from codegen.contexts import left_out_lines
from codegen.embedding.selection import Request, SelectionError, resolve
from dicodec.generated.dictionary import KEYWORDS, LEFT_OUT
from dicodec.generated.uid_constants import ExplicitVRBigEndian, JPEGBaseline8Bit


def request(**kwargs: object) -> Request:
    return Request(package="p", output="out", **kwargs)  # type: ignore[arg-type]


def test_keywords_from_options_and_files(loaded_spec: spec_module.Spec, tmp_path: Path) -> None:
    (tmp_path / "keywords.txt").write_text("# ours\nPatientID\nModality, StudyDate  # two\n\n")
    selection = resolve(
        loaded_spec,
        request(keyword_files=("keywords.txt",), keywords=("PatientName", "Item")),
        tmp_path,
    )
    # the item tag has no value: no accessor
    assert selection.keywords == ("Modality", "PatientID", "PatientName", "StudyDate")
    assert (
        len(selection.transfer_syntaxes) == 4 and ExplicitVRBigEndian in selection.transfer_syntaxes
    )


def test_an_iod_gives_its_modules_keywords(loaded_spec: spec_module.Spec) -> None:
    whole = resolve(loaded_spec, request(iods=("ct-image",)), Path())
    some = resolve(
        loaded_spec, request(iods=("CT Image",), modules=("Patient", "general-study")), Path()
    )
    assert set(some.keywords) < set(whole.keywords)
    assert {"PatientName", "StudyInstanceUID", "CTDIvol", "KVP"} <= set(whole.keywords)
    assert "PatientName" in some.keywords and "KVP" not in some.keywords
    assert some.modules == ("Patient", "General Study") and some.iods == ("CT Image",)
    assert whole.sop_classes == ("1.2.840.10008.5.1.4.1.1.2",)


@pytest.mark.parametrize(
    ("asked", "message"),
    [
        (request(keywords=("PatientNmae",)), "PatientNmae (did you mean PatientName?)"),
        (request(iods=("CTImag",)), "no IOD 'CTImag' in PS3.3 (did you mean CTImage"),
        (request(iods=("CTImage",), modules=("RTBeams",)), "not modules of CT Image: RT Beams"),
        (request(keywords=("PatientID",), transfer_syntaxes=("JPEG",)), "is not a transfer syntax"),
        (request(), "nothing selected"),
    ],
)
def test_what_the_spec_does_not_know_is_refused(
    loaded_spec: spec_module.Spec, asked: Request, message: str
) -> None:
    with pytest.raises(SelectionError) as raised:
        resolve(loaded_spec, asked, Path())
    assert message in str(raised.value)


def test_transfer_syntaxes_by_keyword_or_uid(loaded_spec: spec_module.Spec) -> None:
    selection = resolve(
        loaded_spec,
        request(
            keywords=("PatientID",), transfer_syntaxes=("JPEGBaseline8Bit", "1.2.840.10008.1.2")
        ),
        Path(),
    )
    assert selection.transfer_syntaxes == (JPEGBaseline8Bit, "1.2.840.10008.1.2")


def test_the_command_is_one_line_in_a_fixed_order() -> None:
    asked = request(
        keywords=("PatientID", "Modality"), iods=("CTImage",), pixels=True, keyword_files=("k.txt",)
    )
    assert asked.command() == (
        "dicodec embed --package p -o out --keywords k.txt --keyword PatientID,Modality "
        "--iod CTImage --pixels"
    )


def test_a_keyword_a_package_leaves_out_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    """In dicodec the table is empty; a package of a few keywords knows the others by hash."""
    assert LEFT_OUT == "" and not dicodec.datadict.is_left_out("CTDIvol")
    left_out = tuple(k for k in KEYWORDS if k != "PatientName")
    monkeypatch.setattr(dicodec.datadict, "LEFT_OUT", "".join(left_out_lines(left_out)))
    dicodec.datadict._left_out.cache_clear()
    try:
        assert all(dicodec.datadict.is_left_out(k) for k in left_out)
        assert not dicodec.datadict.is_left_out("PatientNmae")
        message = str(dicodec.datadict.unknown_keyword("CTDIvol"))
        assert message.startswith("'CTDIvol' is a DICOM keyword outside the selection of this")
        assert "is not a DICOM keyword" in str(dicodec.datadict.unknown_keyword("PatientNmae"))
    finally:
        dicodec.datadict._left_out.cache_clear()

"""`dicodec.config`: pydicom's validation modes and flags, set per context."""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from typing import Any

import pydicom
import pydicom.config
import pytest

import dicodec
from dicodec import InvalidDicomError, config
from tests.conftest import REPO, pydicom_test_files

# (keyword, value): values pydicom and dicodec both hold to be invalid for their VR
INVALID = [
    ("Modality", "ct"),  # CS: lower case
    ("PatientID", "x" * 65),  # LO: longer than 64
    ("StudyDate", "2021-01-01"),  # DA: characters DA does not allow (the dash)
    ("AccessionNumber", "x" * 17),  # SH: longer than 16
    ("SOPInstanceUID", "1.2.a"),  # UI: a letter
]


def _outcome(assign: Callable[[], Any]) -> str:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            assign()
        except ValueError:
            return "raise"
    return "warn" if caught else "ok"


@pytest.fixture(autouse=True)
def _pydicom_modes() -> Any:
    """pydicom's settings are process-wide: put them back after each test."""
    saved = (
        pydicom.config.settings._reading_validation_mode,
        (pydicom.config.settings._writing_validation_mode),
    )
    yield
    pydicom.config.settings._reading_validation_mode = saved[0]
    pydicom.config.settings._writing_validation_mode = saved[1]


def test_the_mode_constants_are_pydicoms() -> None:
    assert (config.IGNORE, config.WARN, config.RAISE) == (
        pydicom.config.IGNORE,
        pydicom.config.WARN,
        pydicom.config.RAISE,
    )


@pytest.mark.parametrize("mode", ["IGNORE", "WARN", "RAISE"])
@pytest.mark.parametrize(("keyword", "value"), INVALID)
def test_writing_validation_mode_as_pydicom(mode: str, keyword: str, value: str) -> None:
    def run() -> list[str]:
        # pydicom 3.0 validates assigned values by its reading mode (the default of its
        # DataElement), though it documents the writing mode: set both there
        pydicom.config.settings.reading_validation_mode = getattr(pydicom.config, mode)
        pydicom.config.settings.writing_validation_mode = getattr(pydicom.config, mode)
        config.settings.writing_validation_mode = getattr(config, mode)
        theirs = pydicom.Dataset()
        ours = dicodec.Dataset()
        return [
            _outcome(lambda: setattr(theirs, keyword, value)),
            _outcome(lambda: setattr(ours, keyword, value)),
        ]

    # in a thread of its own: the context variable set here goes with it
    results: list[list[str]] = []
    thread = threading.Thread(target=lambda: results.append(run()))
    thread.start()
    thread.join()
    theirs, ours = results[0]
    assert ours == theirs
    assert ours == {"IGNORE": "ok", "WARN": "warn", "RAISE": "raise"}[mode]


def test_assigned_values_follow_the_writing_mode_alone() -> None:
    ds = dicodec.Dataset()
    with config.strict_reading():
        config.settings.writing_validation_mode = config.IGNORE
        try:
            assert _outcome(lambda: setattr(ds, "Modality", "ct")) == "ok"
        finally:
            config.settings.writing_validation_mode = config.WARN
    assert _outcome(lambda: setattr(ds, "Modality", "ct")) == "warn"  # the default, pydicom's


def test_the_default_is_pydicoms_and_raise_is_one_argument_away() -> None:
    assert config.settings.writing_validation_mode == config.WARN
    assert _outcome(lambda: setattr(dicodec.Dataset(), "Modality", "ct")) == "warn"
    strict = dicodec.Dataset(validation="raise")
    assert _outcome(lambda: setattr(strict, "Modality", "ct")) == "raise"
    assert _outcome(lambda: setattr(dicodec.Dataset(validation=config.RAISE), "Rows", 1.5)) == (
        "raise"
    )
    path = pydicom_test_files() / "CT_small.dcm"
    read = dicodec.dcmread(path, validation="raise")
    assert _outcome(lambda: setattr(read, "Modality", "ct")) == "raise"
    # items of its sequences are held to the same
    plan = dicodec.dcmread(pydicom_test_files() / "rtplan.dcm", validation="raise")
    beam = plan.BeamSequence[0]
    assert _outcome(lambda: setattr(beam, "BeamType", "static")) == "raise"


def test_reading_validation_mode_decides_dcmread_without_strict() -> None:
    path = pydicom_test_files() / "MR_truncated.dcm"
    with pytest.warns(dicodec.DicomFormatWarning):
        dicodec.dcmread(path)
    with config.strict_reading(), pytest.raises(InvalidDicomError):
        dicodec.dcmread(path)
    assert config.settings.reading_validation_mode == config.WARN  # restored
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with config.disable_value_validation():
            dicodec.dcmread(path)  # IGNORE: read, and no warning


def test_explicit_strict_wins_over_the_context() -> None:
    path = pydicom_test_files() / "MR_truncated.dcm"
    with config.strict_reading(), pytest.warns(dicodec.DicomFormatWarning):
        dicodec.dcmread(path, strict=False)


def test_values_decoded_later_follow_the_mode_of_the_context() -> None:
    raw = dicodec.DataElement._from_raw(0x00200013, "IS", _is_bytes(b"1A"), ("latin_1",))
    with pytest.warns(dicodec.InvalidValueWarning):
        assert raw.value == "1A"
    raw = dicodec.DataElement._from_raw(0x00200013, "IS", _is_bytes(b"1A"), ("latin_1",))
    with config.strict_reading(), pytest.raises(dicodec.InvalidValueError):
        _ = raw.value


def _is_bytes(value: bytes) -> Any:
    from dicodec.source import Source

    return (
        "IS",
        0,
        8,
        8 + len(value),
        Source(b"\0" * 8 + value, implicit_vr=False, little_endian=True),
    )


def test_settings_are_per_context_not_per_process() -> None:
    seen: list[int] = []

    def other() -> None:
        seen.append(config.settings.writing_validation_mode)
        config.settings.writing_validation_mode = config.IGNORE
        seen.append(config.settings.writing_validation_mode)

    config.settings.writing_validation_mode = config.RAISE
    try:
        thread = threading.Thread(target=other)
        thread.start()
        thread.join()
        # the new thread started from the default; its IGNORE stayed there
        assert seen == [config.WARN, config.IGNORE]
        assert config.settings.writing_validation_mode == config.RAISE
    finally:
        config.settings.writing_validation_mode = config.WARN


def test_modes_must_be_known() -> None:
    with pytest.raises(ValueError, match="RAISE"):
        config.settings.reading_validation_mode = 7


@pytest.mark.parametrize(
    "name",
    [
        "use_DS_numpy",
        "use_IS_numpy",
        "use_DS_decimal",
        "allow_DS_float",
        "datetime_conversion",
        "use_none_as_empty_text_VR_value",
        "replace_un_with_known_vr",
        "convert_wrong_length_to_UN",
        "show_file_meta",
        "pixel_data_handlers",
        "INVALID_KEYWORD_BEHAVIOR",
        "data_element_callback",
    ],
)
def test_flags_without_meaning_warn_and_keep_what_dicodec_does(name: str) -> None:
    assert hasattr(pydicom.config, name)  # a flag pydicom users set
    before = getattr(config, name)
    with pytest.warns(DeprecationWarning, match=f"config.{name} has no effect in dicodec: "):
        setattr(config, name, "something else")
    assert getattr(config, name) == before


def test_functions_and_settings_without_meaning_warn() -> None:
    for call in (config.DS_numpy, config.DS_decimal, config.debug):
        with pytest.warns(DeprecationWarning, match="no effect"):
            call()
    with pytest.warns(DeprecationWarning, match="infer_sq_for_un_vr"):
        config.settings.infer_sq_for_un_vr = False
    assert config.settings.infer_sq_for_un_vr is True


def test_enforce_valid_values_sets_both_modes() -> None:
    def run() -> tuple[int, int, bool]:
        with pytest.warns(DeprecationWarning, match="reading_validation_mode"):
            config.enforce_valid_values = True
        return (
            config.settings.reading_validation_mode,
            config.settings.writing_validation_mode,
            config.enforce_valid_values,
        )

    results: list[tuple[int, int, bool]] = []
    thread = threading.Thread(target=lambda: results.append(run()))
    thread.start()
    thread.join()
    assert results == [(config.RAISE, config.RAISE, True)]
    assert config.enforce_valid_values is False  # this thread is untouched


def test_an_unknown_attribute_is_still_an_error() -> None:
    with pytest.raises(AttributeError):
        _ = config.no_such_flag


def test_the_migration_guide_names_every_flag_without_effect() -> None:
    guide = (REPO / "docs" / "migrating-from-pydicom.md").read_text(encoding="utf-8")
    missing = [name for name in config._NO_EFFECT if f"`{name}" not in guide]
    assert missing == []

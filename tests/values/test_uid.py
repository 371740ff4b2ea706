"""UID: registry properties, transfer syntax properties (compared with pydicom), generate_uid."""

from __future__ import annotations

import re
import uuid

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from dicodec.errors import InvalidValueError
from dicodec.generated.transfer_syntaxes import TRANSFER_SYNTAXES
from dicodec.generated.uids import UIDS
from dicodec.values import (
    DICODEC_ROOT,
    IMPLEMENTATION_CLASS_UID,
    IMPLEMENTATION_VERSION_NAME,
    UID,
    generate_uid,
)

ENCAPSULATED_UNCOMPRESSED = "1.2.840.10008.1.2.1.98"
PAPYRUS = "1.2.840.10008.1.20"
# Where dicodec deliberately differs from pydicom 3.0, which calls every transfer
# syntax but the four native ones encapsulated and compressed (and explicit VR).
DIFFERENT_FROM_PYDICOM = {
    # PS3.5 A.4.11: frames in fragments, but the pixel data is not compressed.
    ENCAPSULATED_UNCOMPRESSED: {"is_compressed"},
    # A retired native syntax: implicit VR, pixel data not encapsulated.
    PAPYRUS: {"is_implicit_VR", "is_encapsulated", "is_compressed"},
    # JPIP: the pixel data is referenced, not in the dataset (PS3.5 A.6).
    "1.2.840.10008.1.2.4.94": {"is_encapsulated", "is_compressed"},
    "1.2.840.10008.1.2.4.95": {"is_encapsulated", "is_compressed", "is_deflated"},
    "1.2.840.10008.1.2.4.204": {"is_encapsulated", "is_compressed"},
    "1.2.840.10008.1.2.4.205": {"is_encapsulated", "is_compressed", "is_deflated"},
    # Retired MIME and XML encodings: no pixel data of their own.
    "1.2.840.10008.1.2.6.1": {"is_encapsulated", "is_compressed"},
    "1.2.840.10008.1.2.6.2": {"is_encapsulated", "is_compressed"},
    # SMPTE ST 2110 (DICOM-RTV): the pixel data travels outside the dataset.
    "1.2.840.10008.1.2.7.1": {"is_encapsulated", "is_compressed"},
    "1.2.840.10008.1.2.7.2": {"is_encapsulated", "is_compressed"},
    "1.2.840.10008.1.2.7.3": {"is_encapsulated", "is_compressed"},
}
TS_PROPERTIES = (
    "is_implicit_VR",
    "is_little_endian",
    "is_deflated",
    "is_encapsulated",
    "is_compressed",
)


def test_registry_properties() -> None:
    uid = UID("1.2.840.10008.5.1.4.1.1.481.5")
    assert uid.name == "RT Plan Storage" and uid.keyword == "RTPlanStorage"
    assert uid.type == "SOP Class" and not uid.is_retired and not uid.is_transfer_syntax
    ts = UID("1.2.840.10008.1.2")
    assert ts.name == "Implicit VR Little Endian" and ts.type == "Transfer Syntax"
    assert ts.is_transfer_syntax and ts.is_implicit_VR and ts.is_little_endian
    assert UID("1.2.840.10008.1.2.2").is_retired and not UID("1.2.840.10008.1.2.2").is_little_endian
    unknown = UID("1.2.3.4")
    assert unknown.name == "1.2.3.4" and unknown.keyword == "" and unknown.type == ""
    assert not unknown.is_retired and not unknown.is_transfer_syntax
    assert (
        UID("1.2.3") == "1.2.3"
        and hash(UID("1.2.3")) == hash("1.2.3")
        and repr(UID("1.2.3")) == "'1.2.3'"
    )


@pytest.mark.parametrize("name", TS_PROPERTIES)
def test_transfer_syntax_properties_need_a_transfer_syntax(name: str) -> None:
    with pytest.raises(InvalidValueError, match=re.escape("1.2.840.10008.5.1.4.1.1.2")):
        getattr(UID("1.2.840.10008.5.1.4.1.1.2"), name)


def test_encapsulated_uncompressed_is_not_compressed() -> None:
    uid = UID(ENCAPSULATED_UNCOMPRESSED)
    assert uid.is_encapsulated and not uid.is_compressed


@pytest.mark.parametrize("uid", sorted(TRANSFER_SYNTAXES))
def test_transfer_syntaxes_agree_with_pydicom(uid: str) -> None:
    pydicom_uid = pytest.importorskip("pydicom.uid")
    theirs = pydicom_uid.UID(uid)
    if not theirs.is_transfer_syntax:
        pytest.skip(f"pydicom 3.0 does not know the transfer syntax {uid}")
    ours = UID(uid)
    # (names are not compared: pydicom spells some differently, "and" for "&")
    assert ours.is_retired == theirs.is_retired
    different = DIFFERENT_FROM_PYDICOM.get(uid, set())
    for name in TS_PROPERTIES:
        if name in different:
            assert getattr(ours, name) != getattr(theirs, name), (
                f"{uid} {name}: now agrees with pydicom"
            )
        else:
            assert getattr(ours, name) == getattr(theirs, name), f"{uid} {name}"


@pytest.mark.parametrize("uid", sorted(UIDS)[::25])
def test_registry_names_agree_with_pydicom(uid: str) -> None:
    pydicom_uid = pytest.importorskip("pydicom.uid")
    theirs = pydicom_uid.UID(uid)
    if theirs.name == uid:
        pytest.skip(f"pydicom 3.0 does not know {uid}")
    assert UID(uid).type == theirs.type


def test_uid_keywords_agree_with_pydicom() -> None:
    """UID keywords are derived from the names and pinned where PS3.6 spells them otherwise
    (codegen/overrides/uids.yaml); pydicom has the standard's keywords: where both know a
    UID, keyword, type and retirement agree."""
    pydicom_uid = pytest.importorskip("pydicom.uid")
    known = {uid: pydicom_uid.UID(uid) for uid in UIDS}
    both = {uid: theirs for uid, theirs in known.items() if theirs.name != uid}
    assert len(both) > len(UIDS) * 3 // 4  # most of them: the cross-check means something
    differ = {
        uid: (UID(uid).keyword, theirs.keyword)
        for uid, theirs in both.items()
        if (UID(uid).keyword, UID(uid).type, UID(uid).is_retired)
        != (theirs.keyword, theirs.type, theirs.is_retired)
    }
    assert differ == {}


def test_uid_info_agrees_with_pydicom() -> None:
    """UID.info is PS3.6's Part column or name remark (from the 2013 DocBook: uids.json has
    neither). pydicom's also notes, for three UIDs, the edition that retired them, which
    no source of dicodec's says: the one of those both know differs, every other agrees."""
    pydicom_uid = pytest.importorskip("pydicom.uid")
    differ = {
        uid: (UID(uid).info, entry[2])
        for uid, entry in pydicom_uid.UID_dictionary.items()
        if uid in UIDS and UID(uid).info != entry[2]
    }
    # the other two of pydicom's three are nameless UIDs no registry here lists
    assert differ == {PAPYRUS: ("", "(2015c)")}
    assert sum(1 for uid in UIDS if UID(uid).info) == 13
    assert UID("1.2.3.4").info == ""


@pytest.mark.parametrize(
    ("text", "valid"),
    [
        ("1.2.840.10008.1.2", True),
        ("0", True),
        ("1.0.3", True),
        ("2.25." + "9" * 59, True),
        ("2.25." + "9" * 60, False),
        ("1.02.3", False),
        ("1..2", False),
        ("1.2.", False),
        (".1.2", False),
        ("", False),
        ("1.2.a", False),
        ("1.2.٣", False),
        ("1.2.3 ", False),
    ],
)
def test_is_valid(text: str, valid: bool) -> None:
    assert UID(text).is_valid is valid


def test_generate_uid_without_prefix() -> None:
    uid = generate_uid()
    assert uid.startswith("2.25.") and uid.is_valid and uid != generate_uid()
    assert generate_uid(entropy_srcs=["a", "b"]) == generate_uid(entropy_srcs=["a", "b"])
    assert generate_uid(entropy_srcs=["ab"]) != generate_uid(entropy_srcs=["a", "b"])


@pytest.mark.parametrize("prefix", ["1.2.3.", "1." * 27, DICODEC_ROOT + "."])
def test_generate_uid_with_prefix(prefix: str) -> None:
    uid = generate_uid(prefix)
    assert type(uid) is UID and uid.startswith(prefix) and uid.is_valid and len(uid) <= 64
    same = generate_uid(prefix, ["x", "y"])
    assert (
        same == generate_uid(prefix, ["x", "y"])
        and same.is_valid
        and same != generate_uid(prefix, ["y", "x"])
    )


@pytest.mark.parametrize("prefix", ["1.2.3", "1." * 28, "1.02.", "a.", "."])
def test_generate_uid_refuses_bad_prefixes(prefix: str) -> None:
    with pytest.raises(InvalidValueError):
        generate_uid(prefix)


@settings(deadline=None)
@given(st.lists(st.text(max_size=20), max_size=4), st.integers(min_value=1, max_value=26))
def test_generated_uids_are_valid(sources: list[str], components: int) -> None:
    prefix = "1." * components
    assert generate_uid(prefix, sources).is_valid
    assert generate_uid(None, sources).is_valid


def test_constants() -> None:
    assert DICODEC_ROOT.is_valid and DICODEC_ROOT.startswith("2.25.")
    assert DICODEC_ROOT == "2.25.246356514188380635977094812954307256470"  # fixed for ever
    assert DICODEC_ROOT == f"2.25.{uuid.uuid5(uuid.NAMESPACE_OID, 'dicodec').int}"
    assert IMPLEMENTATION_CLASS_UID.is_valid and IMPLEMENTATION_CLASS_UID.startswith(
        DICODEC_ROOT + "."
    )
    assert len(IMPLEMENTATION_VERSION_NAME) <= 16

"""pydicom 3's `datadict`, `valuerep`, `uid`, `charset`, `filereader`, `multival` and
`pixels` names, against pydicom: the same calls give the same results (or an error of
pydicom's kind), over every dictionary entry, private dictionary entry and corpus file
where they read one."""

from __future__ import annotations

import codecs
import datetime
import io
import random
import threading
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace
from typing import Any

import numpy as np
import pydicom
import pytest
from pydicom._dicom_dict import DicomDictionary, RepeatersDictionary
from pydicom._private_dict import private_dictionaries

import dicodec
import dicodec.encaps
from dicodec import datadict
from dicodec.generated.dictionary import DICTIONARY
from tests.api.oracle import DICODEC, PYDICOM, plain, run, same
from tests.conftest import pydicom_charset_files, pydicom_test_files
from tests.io.test_conformance import DAMAGED, FILES, _pydicom_read

CT = pydicom_test_files() / "CT_small.dcm"


# -- datadict --------------------------------------------------------------------------------------
def _entries_both_know() -> list[int]:
    """The tags both dictionaries have (dicodec's is PS3.6 2026c, pydicom's its own edition)."""
    return sorted(set(DICTIONARY) & set(DicomDictionary))


def test_every_dictionary_function_as_pydicom(capsys: pytest.CaptureFixture[str]) -> None:
    from pydicom import datadict as theirs

    functions = (
        "dictionary_VR", "dictionary_VM", "dictionary_description", "dictionary_is_retired",
        "dictionary_keyword", "dictionary_has_tag", "keyword_for_tag", "get_entry",
    )  # fmt: skip
    tags = _entries_both_know()
    changed = []
    for tag in tags:
        for name in functions:
            if getattr(datadict, name)(tag) != getattr(theirs, name)(tag):
                changed.append((f"{tag:08X}", name))
    # the elements the standard changed between pydicom's edition and 2026c (names, VRs)
    renamed = {t for t, _ in changed}
    assert len(renamed) < 80, changed[:20]
    for keyword in ("PatientName", "BeamSequence", "NoSuchKeyword"):
        assert datadict.tag_for_keyword(keyword) == theirs.tag_for_keyword(keyword)
    # a repeating group's keyword gives its first group (pydicom's None): `ds.OverlayData`
    assert datadict.tag_for_keyword("OverlayData") == 0x60003000
    with capsys.disabled():
        print(
            f"\ndatadict: {len(tags)} tags x {len(functions)} functions against pydicom, equal "
            f"but for {len(renamed)} elements the standard changed since pydicom's edition"
        )


@pytest.mark.parametrize("mask", list(RepeatersDictionary))
def test_repeating_groups_as_pydicom(mask: str) -> None:
    tag = int(mask.replace("x", "2"), 16)
    same(
        lambda lib: (
            lib.datadict.mask_match(tag),
            lib.datadict.repeater_has_tag(tag),
            lib.datadict.get_entry(tag),
            lib.datadict.dictionary_has_tag(tag),
            lib.datadict.keyword_for_tag(tag),
            lib.datadict.repeater_has_keyword(lib.datadict.keyword_for_tag(tag)),
        )
    )


@pytest.mark.parametrize(
    "tag", [0x00090010, 0x00091001, 0x00100000, 0x7FE00010, (0x10, 0x10), "PatientName", "Bogus"]
)
def test_unknown_tags_raise_as_pydicom(tag: Any) -> None:
    for name in ("dictionary_VR", "get_entry", "dictionary_description", "dictionary_has_tag"):
        same(lambda lib, name=name: getattr(lib.datadict, name)(tag))


# pydicom's private dictionary is GDCM's of its own time, with its own edits: these creators'
# entries differ from the GDCM revision spec/private_dictionary.yaml imports
_PRIVATE_DIFFERENT = {"ELSCINT1", "MITRA OBJECT UTF8 ATTRIBUTES 1.0", "TOSHIBA_MEC_OT3"}


def test_every_private_entry_of_pydicom(capsys: pytest.CaptureFixture[str]) -> None:
    """Every (creator, element) of pydicom's private dictionary, looked up as pydicom looks it
    up (in a block at 0x10): the same VR, VM and name."""
    from pydicom import datadict as theirs

    equal = 0
    different: list[str] = []
    for creator, entries in private_dictionaries.items():
        for key in entries:
            tag = int(key.replace("xx", "10"), 16)
            expected, _ = run(
                PYDICOM, lambda lib, tag=tag, c=creator: lib.datadict.get_private_entry(tag, c)
            )
            if expected is None:
                continue  # a key pydicom never finds ("001910xx")
            found, _ = run(
                DICODEC, lambda lib, tag=tag, c=creator: lib.datadict.get_private_entry(tag, c)
            )
            if found == expected:
                equal += 1
                for name in (
                    "private_dictionary_VR",
                    "private_dictionary_VM",
                    "private_dictionary_description",
                ):
                    assert getattr(datadict, name)(tag, creator) == getattr(theirs, name)(
                        tag, creator
                    )
            else:
                different.append(creator)
    assert set(different) <= _PRIVATE_DIFFERENT
    assert equal > 10400
    with capsys.disabled():
        print(
            f"\nprivate dictionary: {equal} entries of pydicom's equal, {len(different)} differ "
            f"(pydicom's own edits of {', '.join(sorted(set(different)))})"
        )
    same(lambda lib: lib.datadict.get_private_entry(0x00191010, "NO SUCH CREATOR"))  # KeyError
    same(lambda lib: lib.datadict.get_private_entry(0x00199999, "GEMS_ACQU_01"))


def _added(lib: SimpleNamespace) -> Any:
    lib.datadict.add_dict_entries(
        {
            0x10021001: ("UL", "1", "Test One", "", "TestOne"),
            0x10021002: ("OB", "1", "Test Two", "", "TestTwo"),
        }
    )
    lib.datadict.add_dict_entry(0x10021003, "UI", "TestThree", "Test Three", "1", "Retired")
    lib.datadict.add_private_dict_entry("ACME 1.1", 0x00410001, "UL", "Test One")
    lib.datadict.add_private_dict_entries("ACME 1.1", {0x00410002: ("OB", "1", "Test Two", "")})
    ds = lib.dataset.Dataset()
    ds.TestOne = 42
    ds.TestTwo = b"12345 "
    ds.TestThree = "1.2.3.4.5"
    block = ds.private_block(0x0041, "ACME 1.1", create=True)
    block.add_new(0x01, "UL", 7)
    return (
        ds.TestOne, ds.TestThree, [(e.tag, e.VR, e.name, e.keyword) for e in ds],
        lib.datadict.dictionary_is_retired(0x10021003), lib.datadict.tag_for_keyword("TestTwo"),
        lib.datadict.get_private_entry(0x00411002, "ACME 1.1"),
        lib.datadict.private_dictionary_VR(0x00410002, "ACME 1.1"),
    )  # fmt: skip


def test_added_entries_as_pydicom_in_a_thread_of_their_own() -> None:
    """pydicom adds to its process's dictionary; dicodec to the context's: each library's
    additions run in a thread of their own, and dicodec's stay there."""
    results: list[Any] = []
    for lib in (PYDICOM, DICODEC):
        thread = threading.Thread(target=lambda lib=lib: results.append(run(lib, _added)))
        thread.start()
        thread.join()
    (theirs, their_error), (ours, our_error) = results
    assert their_error is None and our_error is None, (their_error, our_error)
    assert plain(ours) == plain(theirs)
    # not here: the other thread's context had them
    assert datadict.tag_for_keyword("TestOne") is None
    with pytest.raises(AttributeError):
        dicodec.Dataset().TestOne  # type: ignore[attr-defined]  # noqa: B018
    same(lambda lib: lib.datadict.add_dict_entry(0x00091001, "UL", "Priv", "Private"))  # ValueError
    same(lambda lib: lib.datadict.add_private_dict_entry("X", 0x00100010, "UL", "Public"))


def test_standard_entries_stay_the_standards() -> None:
    with pytest.raises(ValueError, match="standard"):
        datadict.add_dict_entry(0x00100010, "LO", "PatientName2", "Name")


# -- valuerep --------------------------------------------------------------------------------------
_DA = ["20200101", "2020.01.01", "", "   ", None, "2020-01-01", "202001", "20201301", "1999123"]
_DT = [
    "20200101120000.5+0100", "2020", "202001", "20200101", "2020010112", "202001011230",
    "20200101123059.123456", "20200101123060", "20200101120000-0500", "1", "", "20200101120000.",
]  # fmt: skip
_TM = ["120000.5", "12", "1200", "120000", "235960", "12:00:00", "25", "", "120000.", "0"]


@pytest.mark.parametrize("text", _DA)
def test_da_as_pydicom(text: Any) -> None:
    same(
        lambda lib: (lambda v: (v, repr(v), str(v) if v is not None else None, type(v).__name__))(
            lib.valuerep.DA(text)
        )
    )


@pytest.mark.parametrize("text", _DT)
def test_dt_as_pydicom(text: Any) -> None:
    same(
        lambda lib: (
            lambda v: (repr(v), str(v), v.isoformat() if v else None, v.utcoffset() if v else None)
        )(lib.valuerep.DT(text))
    )


@pytest.mark.parametrize("text", _TM)
def test_tm_as_pydicom(text: Any) -> None:
    same(
        lambda lib: (lambda v: (repr(v), str(v), v.isoformat() if v else None))(
            lib.valuerep.TM(text)
        )
    )


@pytest.mark.parametrize(
    "value",
    [datetime.date(2020, 1, 2), datetime.datetime(2020, 1, 2, 3, 4, 5, 600), datetime.time(1, 2, 3, 400),
     datetime.datetime(2020, 1, 2, 3, 4, 5, tzinfo=datetime.timezone(datetime.timedelta(hours=-3)))],
)  # fmt: skip
def test_dates_from_python_objects_and_pickled_as_pydicom(value: Any) -> None:
    import pickle

    kind = {datetime.datetime: "DT", datetime.date: "DA", datetime.time: "TM"}[type(value)]
    same(
        lambda lib: (lambda v: (str(v), repr(v), str(pickle.loads(pickle.dumps(v))), v == value))(
            getattr(lib.valuerep, kind)(value)
        )
    )


@pytest.mark.parametrize(
    "value", ["1.5", "  3 ", "1e3", "1.50", Decimal("1.50"), 7, 1.5, "abc", "12345678901234567"]
)
def test_dsdecimal_as_pydicom(value: Any) -> None:
    same(
        lambda lib: (lambda v: (str(v), repr(v), v == "1.5", float(v)))(
            lib.valuerep.DSdecimal(value)
        )
    )
    same(lambda lib: str(lib.valuerep.DSdecimal(value, auto_format=True)))


def test_format_number_as_ds_as_pydicom() -> None:
    rng = random.Random(14)
    values = [rng.uniform(-10, 10) * 10 ** rng.randint(-30, 30) for _ in range(5000)]
    values += [1 / 3, 1e16, 1e15, -1e14, 1e-5, 1e-4, 0.0, 100.0, 123456789012345678.0]
    values += [Decimal("1.234567890123456789"), Decimal("-0.00001234567890123")]
    from pydicom.valuerep import format_number_as_ds as theirs

    from dicodec.valuerep import format_number_as_ds as ours

    assert [ours(v) for v in values] == [theirs(v) for v in values]
    for bad in (float("nan"), float("inf"), 3):
        same(lambda lib, bad=bad: lib.valuerep.format_number_as_ds(bad))


@pytest.mark.parametrize(
    "text",
    [
        "1.5",
        "1.5e3",
        "abc",
        "12345678901234567",
        " 1 ",
        "1,5",
        "",
        "+.5",
        "5.",
        "1e",
        "nan",
        "1_0",
        "-0",
    ],
)
def test_is_valid_ds_as_pydicom(text: str) -> None:
    same(lambda lib: lib.valuerep.is_valid_ds(text))


def test_vr_as_pydicom() -> None:
    same(lambda lib: sorted(str(vr) for vr in lib.valuerep.VR))
    same(
        lambda lib: (
            lib.valuerep.VR.US == "US",
            str(lib.valuerep.VR.US_SS),
            lib.valuerep.VR("OB or OW").name,
        )
    )
    same(lambda lib: lib.valuerep.VR("XX"))


# -- uid -------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "text",
    ["1.2.840.10008.1.2", "1.2.840.10008.5.1.4.1.1.2", "1.2.3.4", "2.25.1", "1.2.840.100081"],
)
def test_uid_is_private_as_pydicom(text: str) -> None:
    same(lambda lib: (lib.uid.UID(text).is_private, lib.uid.UID(text).is_transfer_syntax))


@pytest.mark.parametrize(
    "name",
    [
        "AllTransferSyntaxes", "UncompressedTransferSyntaxes", "JPEGTransferSyntaxes",
        "JPEGLSTransferSyntaxes", "JPEG2000TransferSyntaxes", "MPEGTransferSyntaxes",
        "RLETransferSyntaxes",
    ],
)  # fmt: skip
def test_transfer_syntax_lists_as_pydicom(name: str) -> None:
    ours, theirs = getattr(dicodec.uid, name), getattr(pydicom.uid, name)
    assert set(theirs) <= set(ours)
    # the others are transfer syntaxes of editions newer than pydicom's lists
    assert not set(ours) - set(theirs) & set(pydicom.uid.AllTransferSyntaxes)
    assert all(isinstance(uid, dicodec.uid.UID) for uid in ours)
    if name != "AllTransferSyntaxes":
        assert set(ours) <= set(dicodec.uid.AllTransferSyntaxes)


def test_pixel_array_and_iter_pixels_of_the_package_as_pydicom() -> None:
    path = str(pydicom_test_files() / "CT_small.dcm")
    same(lambda lib: lib.root.pixel_array(path).tolist())
    same(lambda lib: [frame.shape for frame in lib.root.iter_pixels(path)])


def _same_in_threads(script: Any) -> None:
    """`script` run with each library in a thread of its own (each registers transfer
    syntaxes its own way: pydicom for the process, dicodec for the context): the same."""
    results = []
    for lib in (PYDICOM, DICODEC):
        thread = threading.Thread(target=lambda lib=lib: results.append(run(lib, script)))
        thread.start()
        thread.join()
    assert results[0][1] is None and results[1][1] is None, results
    assert plain(results[1][0]) == plain(results[0][0])


def test_private_transfer_syntaxes_as_pydicom() -> None:
    def script(lib: SimpleNamespace) -> Any:
        uid = lib.uid.UID("1.2.3.4.5")
        before = uid.is_transfer_syntax
        uid.set_private_encoding(False, True)
        registered = lib.uid.register_transfer_syntax("1.2.3.4.6", True, True)
        again = lib.uid.register_transfer_syntax(uid)
        return (
            before, uid.is_transfer_syntax, uid.is_implicit_VR, uid.is_little_endian,
            registered.is_implicit_VR, registered.is_little_endian, again.is_transfer_syntax,
            uid.is_deflated,
        )  # fmt: skip

    _same_in_threads(script)
    same(lambda lib: lib.uid.register_transfer_syntax("1.2.3.4.7"))  # ValueError: no encoding
    # a private transfer syntax holds native pixels here (pydicom takes it for compressed)
    private = dicodec.uid.UID("1.2.3.4.8")
    private.set_private_encoding(False, True)
    assert not private.is_compressed and not private.is_encapsulated


def test_a_registered_private_transfer_syntax_reads_and_writes() -> None:
    """A file labelled with a private transfer syntax, registered as Implicit VR LE: pydicom
    and dicodec read it alike (each in a thread, as each registers in its own way)."""
    ds = dicodec.dcmread(pydicom_test_files() / "MR_small_implicit.dcm")
    ds.file_meta.TransferSyntaxUID = "1.2.3.4.99"
    buffer = io.BytesIO()
    ds.save_as(buffer, implicit_vr=True, little_endian=True)
    data = buffer.getvalue()

    def script(lib: SimpleNamespace) -> Any:
        lib.uid.register_transfer_syntax("1.2.3.4.99", True, True)
        back = lib.root.dcmread(io.BytesIO(data))
        out = io.BytesIO()
        back.save_as(out)
        return back.PatientName, back.Rows, back.original_encoding, out.getvalue() == data

    _same_in_threads(script)


# -- charset ---------------------------------------------------------------------------------------
_TERMS = [
    "", "ISO_IR 6", "ISO_IR 100", "ISO_IR 101", "ISO_IR 109", "ISO_IR 110", "ISO_IR 144",
    "ISO_IR 127", "ISO_IR 126", "ISO_IR 138", "ISO_IR 148", "ISO_IR 13", "ISO_IR 192",
    "GB18030", "GBK", "ISO 2022 IR 6", "ISO 2022 IR 87", "ISO 2022 IR 149", "ISO 2022 IR 58",
    "ISO-IR 100", "ISO IR 192", "latin_1", "shift_jis", "NOT A CHARSET",
]  # fmt: skip


def _normal(codec: str) -> str:
    try:
        return codecs.lookup(codec).name
    except LookupError:
        return codec


@pytest.mark.parametrize("term", _TERMS)
def test_convert_encodings_names_the_codecs_pydicom_does(term: str) -> None:
    """The same codecs, whatever each calls them ("latin_1" here, "iso8859" in pydicom)."""
    for value in (term, [term], ["", term], ["ISO 2022 IR 6", term]):
        theirs, _ = run(PYDICOM, lambda lib, value=value: lib.charset.convert_encodings(value))
        ours, _ = run(DICODEC, lambda lib, value=value: lib.charset.convert_encodings(value))
        assert [_normal(c) for c in ours] == [_normal(c) for c in theirs], value
    assert _normal(dicodec.charset.default_encoding) == _normal(pydicom.charset.default_encoding)


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("Yamada^Tarou=山田^太郎=やまだ^たろう", ["", "ISO 2022 IR 87"]),
        ("Hong^Gildong=洪^吉洞=홍^길동", ["", "ISO 2022 IR 149"]),
        ("Buc^Jérôme", ["ISO_IR 100"]),
        ("Διονυσιος", ["ISO_IR 126"]),
        ("Wang^XiaoDong=王^小東", ["ISO_IR 192"]),
        ("ASCII only", ["ISO_IR 6"]),
    ],
)
def test_encode_string_as_pydicom(text: str, terms: list[str]) -> None:
    """The same bytes where one character set encodes the text; with code extensions, each
    library may put its escape sequences elsewhere (PS3.5 6.1.2.5 allows either): what each
    writes reads back, with both libraries' decoders, as the text."""
    theirs, _ = run(
        PYDICOM, lambda lib: lib.charset.encode_string(text, lib.charset.convert_encodings(terms))
    )
    ours, _ = run(
        DICODEC, lambda lib: lib.charset.encode_string(text, lib.charset.convert_encodings(terms))
    )
    if b"\x1b" not in theirs:
        assert ours == theirs
        return
    encodings = pydicom.charset.convert_encodings(terms)
    for data in (ours, theirs):
        assert pydicom.charset.decode_bytes(data, encodings, pydicom.charset.TEXT_VR_DELIMS) == text  # type: ignore[attr-defined]
        assert (
            dicodec.charset.decode_text(
                data, tuple(dicodec.charset.convert_encodings(terms)), vr="LO"
            )
            == text
        )


@pytest.mark.parametrize(
    "path", sorted(pydicom_charset_files().glob("*.dcm")), ids=lambda p: p.name
)
def test_decode_element_as_pydicom(path: Path) -> None:
    def script(lib: SimpleNamespace) -> Any:
        ds = lib.root.dcmread(path)
        charset = ds.get("SpecificCharacterSet")
        out = []
        for element in ds:
            if element.VR in ("PN", "LO", "SH", "ST", "LT", "UT", "UC"):
                lib.charset.decode_element(element, charset)
                out.append(element.value)
        # bytes set by hand are decoded too
        element = lib.dataelem.DataElement(0x00100020, "LO", b"abc")
        element._value = b"abc"
        lib.charset.decode_element(element, charset)
        return out, element.value

    same(script)


@pytest.mark.parametrize(
    "path", sorted(pydicom_charset_files().glob("*.dcm")), ids=lambda p: p.name
)
def test_decode_bytes_as_pydicom(path: Path) -> None:
    """The raw text values of each charset file, decoded with each library's codecs of its
    Specific Character Set, with pydicom's text delimiters and with PN's."""
    ds = pydicom.dcmread(path)
    charset = ds.get("SpecificCharacterSet")
    raws = [
        ds.get_item(e.tag).value
        for e in ds
        if e.VR in ("PN", "LO", "SH", "ST", "LT", "UT", "UC") and ds.get_item(e.tag).value
    ]
    assert raws
    for delimiters in ({0x0D, 0x0A, 0x09, 0x0C}, {0x5E, 0x3D}):
        same(
            lambda lib, delimiters=delimiters: [
                lib.charset.decode_bytes(raw, lib.charset.convert_encodings(charset), delimiters)
                for raw in raws
            ]
        )
        same(
            lambda lib, delimiters=delimiters: lib.charset.decode_string(
                raws[0], lib.charset.convert_encodings(charset), delimiters
            )
        )


# -- filereader ------------------------------------------------------------------------------------
# files read without force, not damaged; but for one whose Pixel Data pydicom's reader gives
# the raw VR "OB or OW" (its explicit VR bytes are "OB")
READABLE = [
    p
    for p in FILES
    if p.name not in {*DAMAGED, "SC_rgb_jpeg.dcm"}
    and _pydicom_read(p) is not None
    and not _pydicom_read(p)[1]  # type: ignore[index]
]


def _raw(element: Any) -> Any:
    if type(element).__name__ == "RawDataElement":
        return (element.tag, element.VR, element.length, element.value, element.value_tell)
    return (element.tag, element.VR, "converted")


@pytest.mark.parametrize("path", READABLE, ids=lambda p: p.name)
def test_read_preamble_dataset_and_generator_as_pydicom(path: Path) -> None:
    def script(lib: SimpleNamespace) -> Any:
        with open(path, "rb") as f:
            preamble = lib.filereader.read_preamble(f, False)
            meta = lib.root.dcmread(path, stop_before_pixels=True).file_meta
            start = 132 + len(b"".join(_encoded_meta(path)))
            f.seek(start)
            syntax = lib.uid.UID(meta.TransferSyntaxUID)
            if syntax.is_deflated:
                return preamble, "deflated"
            implicit, little = syntax.is_implicit_VR, syntax.is_little_endian
            ds = lib.filereader.read_dataset(
                f, implicit, little, stop_when=lambda tag, vr, length: tag == 0x7FE00010
            )
            stopped = f.tell()
            f.seek(start)
            found = [_raw(e) for e in lib.filereader.data_element_generator(f, implicit, little)]
            return (
                preamble,
                sorted(int(t) for t in ds.keys()),
                stopped,
                ds.original_encoding,
                found[1:],
                f.tell(),
            )

    same(script)


def _encoded_meta(path: Path) -> list[bytes]:
    """The bytes of the File Meta Information after the preamble, as written in the file."""
    data = path.read_bytes()
    ds = dicodec.dcmread(data, stop_before_pixels=True)
    end = 132
    for element in ds.file_meta:
        raw = element._raw
        assert raw is not None
        end = max(end, raw[3])
    return [data[132:end]]


def test_read_preamble_refuses_as_pydicom() -> None:
    same(lambda lib: lib.filereader.read_preamble(io.BytesIO(b"\0" * 200), False))
    same(
        lambda lib: (lambda f: (lib.filereader.read_preamble(f, True), f.tell()))(
            io.BytesIO(b"\0" * 200)
        )
    )


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_read_file_meta_info_as_pydicom(path: Path) -> None:
    """The File Meta Information alone, of every corpus file: the same elements, or the
    same refusal of a file without "DICM"."""
    same(
        lambda lib: [(e.tag, e.VR, e.value) for e in lib.filereader.read_file_meta_info(str(path))]
    )


def test_ensure_file_meta_as_pydicom() -> None:
    def script(lib: SimpleNamespace) -> Any:
        ds = lib.dataset.Dataset()
        ds.ensure_file_meta()
        ds.file_meta.MediaStorageSOPClassUID = "1.2.3"
        ds.ensure_file_meta()
        return type(ds.file_meta).__name__, [(e.tag, e.value) for e in ds.file_meta]

    same(script)


# -- multival --------------------------------------------------------------------------------------
def test_constrained_list_as_pydicom() -> None:
    def script(lib: SimpleNamespace) -> Any:
        class Evens(lib.multival.ConstrainedList):  # type: ignore[name-defined,misc]
            def _validate(self, item: Any) -> Any:
                if item % 2:
                    raise ValueError(f"{item} is odd")
                return item * 10

        evens = Evens([2, 4])
        evens.append(6)
        evens.insert(0, 0)
        evens.extend([8])
        evens += [10]
        evens[1] = 12
        evens[2:3] = [14, 16]
        refused = run(lib, lambda _: evens.append(3))[1]
        return (
            list(evens),
            type(refused).__name__,
            isinstance(lib.root.Sequence(), lib.multival.ConstrainedList),
        )

    same(script)


# -- pixels ----------------------------------------------------------------------------------------
# JPEG 2000 Part 2 (multi-component): OpenJPEG decodes it; pydicom 3.0 has no decoder for it
_DECODED_HERE_ONLY = {"1.2.840.10008.1.2.4.92", "1.2.840.10008.1.2.4.93"}


def _syntaxes() -> list[str]:
    return sorted(
        str(uid)
        for uid in pydicom.uid.AllTransferSyntaxes
        if uid in dicodec.generated.transfer_syntaxes.TRANSFER_SYNTAXES
    )


@pytest.mark.parametrize("uid", _syntaxes())
def test_get_decoder_and_encoder_as_pydicom(uid: str) -> None:
    """Which syntaxes have a decoder and an encoder, and whether one is installed (the
    plugins' names are each library's own). dicodec encodes some that pydicom 3.0 does not
    (JPEG 2000 lossy, HTJ2K, Deflated Image Frame Compression)."""
    theirs, their_error = run(
        PYDICOM,
        lambda lib: (lambda d: (d.is_native, d.is_encapsulated, d.is_available))(
            lib.pixels.get_decoder(uid)
        ),
    )
    ours, our_error = run(
        DICODEC,
        lambda lib: (lambda d: (d.is_native, d.is_encapsulated, d.is_available))(
            lib.pixels.get_decoder(uid)
        ),
    )
    if their_error is None:
        assert our_error is None and ours == theirs
    elif uid in _DECODED_HERE_ONLY:
        assert our_error is None and ours == (False, True, True)
    else:
        assert isinstance(our_error, NotImplementedError)
    theirs, their_error = run(PYDICOM, lambda lib: lib.pixels.get_encoder(uid).is_available)
    ours, our_error = run(DICODEC, lambda lib: lib.pixels.get_encoder(uid).is_available)
    if their_error is None:
        assert our_error is None and ours == theirs
    elif our_error is not None:
        assert isinstance(our_error, NotImplementedError)
    same(lambda lib: lib.pixels.get_decoder("1.2.3.4.5.6"))  # NotImplementedError


PIXEL_FILES = [
    "CT_small.dcm",
    "SC_rgb_rle_2frame.dcm",
    "MR_small_RLE.dcm",
    "SC_rgb_dcmtk_+eb+cy+n2.dcm",
    "JPEG2000.dcm",
    "SC_rgb_small_odd.dcm",
]


@pytest.mark.parametrize("name", PIXEL_FILES)
def test_decoder_as_array_as_pydicom(name: str) -> None:
    path = pydicom_test_files() / name

    def script(lib: SimpleNamespace) -> Any:
        ds = lib.root.dcmread(path)
        decoder = lib.pixels.get_decoder(ds.file_meta.TransferSyntaxUID)
        arr, meta = decoder.as_array(ds)
        raw, _ = decoder.as_array(ds, raw=True, index=0)
        keys = (
            "rows",
            "columns",
            "samples_per_pixel",
            "bits_stored",
            "pixel_representation",
            "photometric_interpretation",
        )
        frames = [int(a.sum()) for a, _ in decoder.iter_array(ds)]
        return (
            arr.shape,
            str(arr.dtype),
            int(arr.sum()),
            int(raw.sum()),
            [meta[k] for k in keys],
            frames,
        )

    same(script)


def test_encoder_encodes_what_decodes_to_the_same_pixels() -> None:
    from dicodec.pixels import get_decoder, get_encoder

    ds = dicodec.dcmread(pydicom_test_files() / "CT_small.dcm")
    frame = get_encoder(dicodec.uid.RLELossless).encode(ds)
    theirs = pydicom.pixels.get_encoder(  # type: ignore[attr-defined]
        pydicom.uid.RLELossless
    ).encode(pydicom.dcmread(pydicom_test_files() / "CT_small.dcm"))
    out = dicodec.dcmread(pydicom_test_files() / "CT_small.dcm")
    out.PixelData = dicodec.encaps.encapsulate([frame])
    out.file_meta.TransferSyntaxUID = dicodec.uid.RLELossless
    arr, _ = get_decoder(dicodec.uid.RLELossless).as_array(out)
    assert np.array_equal(arr, ds.pixel_array)
    out.PixelData = dicodec.encaps.encapsulate([theirs])
    assert np.array_equal(get_decoder(dicodec.uid.RLELossless).as_array(out)[0], ds.pixel_array)
    array = np.arange(64, dtype=np.uint16).reshape(8, 8)
    encoded = get_encoder(dicodec.uid.RLELossless).encode(
        array, photometric_interpretation="MONOCHROME2", bits_stored=16
    )
    assert encoded == pydicom.pixels.get_encoder(  # type: ignore[attr-defined]
        pydicom.uid.RLELossless).encode(
        array, rows=8, columns=8, samples_per_pixel=1, bits_allocated=16, bits_stored=16,
        pixel_representation=0, photometric_interpretation="MONOCHROME2", number_of_frames=1,
    )  # fmt: skip


def test_convert_color_space_as_pydicom() -> None:
    rng = np.random.default_rng(14)
    arr = rng.integers(0, 256, size=(4, 32, 32, 3), dtype=np.uint8)
    for current, desired in (
        ("RGB", "YBR_FULL"),
        ("YBR_FULL", "RGB"),
        ("YBR_FULL_422", "RGB"),
        ("RGB", "RGB"),
    ):
        same(lambda lib, c=current, d=desired: lib.pixels.convert_color_space(arr.copy(), c, d))
        same(
            lambda lib, c=current, d=desired: lib.pixels.convert_color_space(
                arr.copy(), c, d, per_frame=True
            )
        )
    # bit_depth (newer than pydicom 3.0): 8 as the default; 12-bit samples keep their range
    from dicodec.pixels import convert_color_space

    assert np.array_equal(
        convert_color_space(arr, "RGB", "YBR_FULL", bit_depth=8),
        convert_color_space(arr, "RGB", "YBR_FULL"),
    )
    wide = arr.astype(np.uint16) << 4
    ybr = convert_color_space(wide, "RGB", "YBR_FULL", bit_depth=12)
    assert ybr.max() <= 4095 and abs(int(ybr[..., 1].mean()) - 2048) < 64
    back = convert_color_space(ybr, "YBR_FULL", "RGB", bit_depth=12)
    assert np.abs(back.astype(int) - wide.astype(int)).max() <= 2
    with pytest.raises(ValueError):
        convert_color_space(wide, "RGB", "YBR_FULL", bit_depth=17)


def _presentation(lib: SimpleNamespace, vr: str, shape: str | None) -> Any:
    ds = lib.dataset.Dataset()
    if shape is not None:
        ds.PresentationLUTShape = shape
        return ds
    item = lib.dataset.Dataset()
    item.LUTDescriptor = [256, 0, 12]
    values = [(i * 16 + 3) | 0xF000 for i in range(256)]
    item.add_new(0x00283006, vr, values if vr == "US" else np.asarray(values, "<u2").tobytes())
    ds.PresentationLUTSequence = [item]
    return ds


@pytest.mark.parametrize(
    ("vr", "shape"), [("US", None), ("OW", None), ("", "INVERSE"), ("", "IDENTITY"), ("", "BOGUS")]
)
def test_apply_presentation_lut_as_pydicom(vr: str, shape: str | None) -> None:
    arr = np.random.default_rng(1).integers(0, 4096, size=(16, 16), dtype=np.uint16)
    theirs, their_error = run(
        PYDICOM,
        lambda lib: lib.pixels.apply_presentation_lut(arr.copy(), _presentation(lib, vr, shape)),
    )
    ours, our_error = run(
        DICODEC,
        lambda lib: lib.pixels.apply_presentation_lut(arr.copy(), _presentation(lib, vr, shape)),
    )
    if (
        their_error is not None
    ):  # an unknown shape: pydicom's NotImplementedError, dicodec's PixelDataError
        assert isinstance(our_error, dicodec.PixelDataError)
        return
    assert our_error is None and np.array_equal(ours, theirs) and ours.dtype == theirs.dtype


@pytest.mark.parametrize("bits", [[], [1, 0, 1, 1], [0, 1] * 8, [1] * 9, [0, 2]])
def test_pack_and_unpack_bits_as_pydicom(bits: list[int]) -> None:
    for pad in (True, False):
        same(lambda lib, pad=pad: lib.pixels.pack_bits(np.asarray(bits, np.uint8), pad=pad))
    packed = np.packbits(np.asarray(bits or [0], np.uint8), bitorder="little").tobytes()
    same(lambda lib: lib.pixels.unpack_bits(packed).tolist())
    same(lambda lib: lib.pixels.unpack_bits(packed, as_array=False))


def test_apply_rescale_is_apply_modality_lut() -> None:
    ds = dicodec.dcmread(pydicom_test_files() / "CT_small.dcm")
    theirs = pydicom.dcmread(pydicom_test_files() / "CT_small.dcm")
    arr = ds.pixel_array
    assert np.array_equal(
        dicodec.pixels.apply_rescale(arr, ds), pydicom.pixels.processing.apply_rescale(arr, theirs)
    )

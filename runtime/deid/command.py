"""`dicodec deid IN... -o OUTDIR`: de-identify files and folders into a mirrored tree."""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import os
import secrets
import sys
import warnings
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from dicodec.batch import (
    BatchError,
    Job,
    Refused,
    Summary,
    plan,
    progress_for,
    report,
    run,
    write_output,
)
from dicodec.deid.engine import Record, deidentify
from dicodec.deid.profile import OPTIONS, Profile
from dicodec.errors import DeidentificationError, InvalidValueError

# what a run leaves in OUTDIR so that the next run can check it uses the same options and key
MANIFEST = ".dicodec-deid.json"
KEY_BYTES = 32


@dataclass(frozen=True)
class Settings:
    """What every worker needs (picklable: it travels to the worker processes)."""

    options: tuple[str, ...]
    key: bytes
    allow_burned_in: bool
    want_uid_map: bool
    force: bool = False


def deidentify_file(settings: Settings, job: Job) -> Any:
    """Read, de-identify and write one file; returns (UID map or None, notes)."""
    from dicodec.filereader import dcmread
    from dicodec.filewriter import write_buffer

    record = Record()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a damaged but readable file is de-identified
        ds = dcmread(job.source, force=settings.force)
        try:
            deidentify(
                ds,
                Profile(settings.options),
                key=settings.key,
                in_place=True,
                allow_burned_in=settings.allow_burned_in,
                record=record,
            )
        except DeidentificationError as exc:
            raise Refused(str(exc)) from None
        data = write_buffer(ds)
    write_output(job.output, data)
    return (record.uid_map if settings.want_uid_map else None, record.notes)


def add_parser(commands: Any) -> None:
    """Register `deid` among the `dicodec` subcommands."""
    parser = commands.add_parser(
        "deid",
        help="de-identify DICOM files (PS3.15 Annex E) into a mirrored folder tree",
        description=__doc__ + " Inputs are never modified; files already done are skipped.",
    )
    parser.add_argument("inputs", nargs="+", type=Path, metavar="IN", help="files or folders")
    parser.add_argument("-o", "--output", type=Path, required=True, metavar="OUTDIR")
    parser.add_argument(
        "--option", action="append", default=[], metavar="NAME",
        help=f"an option of the profile (repeatable): {', '.join(OPTIONS)}",
    )  # fmt: skip
    parser.add_argument(
        "--key-file", type=Path, metavar="F",
        help="the secret key (created if missing): the same key gives the same UIDs and "
        "date shifts, run after run; without it, this run's are random",
    )  # fmt: skip
    parser.add_argument("--jobs", type=int, default=1, metavar="N", help="worker processes")
    parser.add_argument(
        "--allow-burned-in", action="store_true",
        help="de-identify images whose pixels may show text (the pixels are not cleaned)",
    )  # fmt: skip
    parser.add_argument("--overwrite", action="store_true", help="redo files already done")
    parser.add_argument(
        "--force", action="store_true", help="read data sets without File Meta Information too"
    )
    parser.add_argument(
        "--uid-map", type=Path, metavar="CSV",
        help="write old -> new UIDs to CSV (it identifies: keep it apart from the output)",
    )  # fmt: skip
    parser.set_defaults(run=main)


def main(args: argparse.Namespace) -> int:
    try:
        profile = Profile(args.option)
        jobs = plan(args.inputs, args.output)
        key, key_note = _key(args.key_file)
        if args.uid_map is not None:
            _check_outside(args.uid_map, args.output, args.inputs)
        _check_manifest(args.output, profile, key, args.allow_burned_in, args.overwrite)
    except (BatchError, InvalidValueError, OSError, ValueError) as exc:
        print(f"dicodec deid: {exc}", file=sys.stderr)
        return 2
    if key_note:
        print(f"dicodec deid: {key_note}", file=sys.stderr)
    settings = Settings(
        tuple(sorted(profile.options)),
        key,
        args.allow_burned_in,
        args.uid_map is not None,
        args.force,
    )
    summary = run(
        jobs,
        partial(deidentify_file, settings),
        processes=max(1, args.jobs),
        overwrite=args.overwrite,
        progress=progress_for(sys.stderr, "de-identifying"),
    )
    extra = _notes(summary)
    if args.uid_map is not None:
        count = _write_uid_map(args.uid_map, summary)
        extra.append(
            f"WARNING: {args.uid_map} maps {count} new UIDs back to the originals: it identifies "
            "the patients. Keep it apart from the de-identified files."
        )
    report(summary, sys.stderr, extra)
    return summary.exit_status


def _key(path: Path | None) -> tuple[bytes, str]:
    """The key and what to tell about it: read from the key file, or made (and saved there)."""
    if path is None:
        return secrets.token_bytes(KEY_BYTES), (
            "no --key-file: this run's UIDs and date shifts are random, and a later run on "
            "more files of the same studies will not match them"
        )
    if path.exists():
        text = path.read_bytes().strip()
        try:
            key = bytes.fromhex(text.decode("ascii"))
        except (UnicodeDecodeError, ValueError):
            key = text
        if len(key) < 16:
            raise ValueError(f"{path}: a key has at least 16 bytes (32 hex digits)")
        return key, ""
    key = secrets.token_bytes(KEY_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(descriptor, "w") as f:
        f.write(key.hex() + "\n")
    return key, (
        f"made a new key in {path}: keep it secret, and use it again to de-identify more "
        "files of these studies the same way"
    )


def _check_outside(path: Path, output: Path, inputs: list[Path]) -> None:
    target = path.resolve()
    for folder in (output, *inputs):
        if target.is_relative_to(folder.resolve()):
            raise ValueError(f"--uid-map {path} may not be inside {folder}: it identifies")


def _fingerprint(key: bytes) -> str:
    return hmac.new(key, b"dicodec deid key fingerprint", hashlib.sha256).hexdigest()[:16]


def _check_manifest(
    output: Path, profile: Profile, key: bytes, allow_burned_in: bool, overwrite: bool
) -> None:
    """Files already in OUTDIR are skipped: refuse to mix them with output of other settings."""
    manifest = {
        "options": sorted(profile.options),
        "key": _fingerprint(key),
        "allow_burned_in": allow_burned_in,
    }
    path = output / MANIFEST
    if path.exists() and not overwrite:
        before = json.loads(path.read_text(encoding="utf-8"))
        if before != manifest:
            changed = sorted(k for k in manifest if before.get(k) != manifest[k])
            raise ValueError(
                f"{output} holds files de-identified with another {', '.join(changed)}: use the "
                "same --option, --key-file and --allow-burned-in, or --overwrite to redo them all"
            )
    write_output(path, (json.dumps(manifest, indent=1) + "\n").encode())


def _notes(summary: Summary) -> list[str]:
    lines = []
    for job, (_, notes) in summary.payloads:
        lines += [f"note: {job.source}: {note}" for note in notes]
    return lines


def _write_uid_map(path: Path, summary: Summary) -> int:
    mapping: dict[str, str] = {}
    for _, (uid_map, _) in summary.payloads:
        mapping.update(uid_map or {})
    rows = [["original_uid", "new_uid"], *sorted(mapping.items())]
    text = "".join(",".join(row) + "\n" for row in rows)  # UIDs hold no comma or quote
    write_output(path, text.encode("ascii"))
    return len(mapping)


__all__ = ["add_parser", "deidentify_file", "main"]

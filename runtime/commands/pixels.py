"""`dicodec pixels IN --png OUT`: frames as PNG images, as a viewer shows them.

The Modality LUT (or Rescale Slope/Intercept) and the VOI (the file's VOI LUT or first
window, or the window given with --window) are applied, MONOCHROME1 inverted, colour
converted to RGB (PALETTE COLOR through its palette). Frames are numbered from 1, as
DICOM numbers them. A folder IN gives a folder OUT with the same tree, one PNG per file
(per frame with --all: NAME-0001.png, ...); images already there are skipped (with
--all, every file is done again). Needs Pillow: pip install "dicodec[png]".
"""

from __future__ import annotations

import argparse
import sys
import warnings
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from dicodec.batch import BatchError, Job, Refused, plan_onto, progress_for, run, write_output
from dicodec.commands.common import FINDINGS, UsageError, add_command, add_jobs, finish, problem
from dicodec.images import Window

_DEFER_SIZE = 4096

EXAMPLES = """\
  dicodec pixels ct.dcm --png ct.png                    the first frame, the file's window
  dicodec pixels ct.dcm --png ct.png --window 40,400    a soft-tissue window (center,width)
  dicodec pixels cine.dcm --png cine.png --all          cine-0001.png, cine-0002.png, ...
  dicodec pixels cine.dcm --png f5.png --frame 5
  dicodec pixels study/ --png previews/ --jobs 2        a folder: the same tree of PNGs
"""


def add_parser(commands: Any) -> None:
    parser = add_command(
        commands,
        "pixels",
        help="write frames as PNG images (Modality LUT, VOI, colour applied)",
        description=__doc__.split(": ", 1)[1],
        examples=EXAMPLES,
        run=main,
    )
    parser.add_argument("input", type=Path, metavar="IN", help="a file or folder")
    parser.add_argument(
        "--png", type=Path, required=True, metavar="OUT", help="the PNG file (or folder)"
    )
    frames = parser.add_mutually_exclusive_group()
    frames.add_argument("--frame", type=int, default=1, metavar="N", help="frame N (from 1)")
    frames.add_argument("--all", action="store_true", help="every frame, one PNG each")
    voi = parser.add_mutually_exclusive_group()
    voi.add_argument("--window", metavar="C,W", help="window center and width")
    voi.add_argument(
        "--voi", action="store_true", help="the file's VOI LUT or first window (the default)"
    )
    add_jobs(parser)
    parser.add_argument("--overwrite", action="store_true", help="redo images already there")


@dataclass(frozen=True)
class Settings:
    """What each worker needs (picklable)."""

    frame: int | None  # None: every frame
    window: Window | None


def main(args: argparse.Namespace) -> int:
    settings = Settings(None if args.all else args.frame, _window(args.window))
    if settings.frame is not None and settings.frame < 1:
        raise UsageError(f"--frame {settings.frame}: frames are numbered from 1")
    if not args.input.exists():
        problem(args, args.input, FileNotFoundError(args.input))
        return FINDINGS
    _check_pillow()
    try:
        jobs = plan_onto(args.input, args.png, suffix=".png")
    except BatchError as exc:
        raise UsageError(str(exc)) from None
    summary = run(
        jobs,
        partial(render_file, settings),
        processes=args.jobs,
        overwrite=args.overwrite,
        progress=progress_for(sys.stderr, "rendering"),
    )
    return finish(args, summary)


def _window(text: str | None) -> Window | None:
    if text is None:
        return None
    try:
        center, width = (float(part) for part in text.split(","))
    except ValueError:
        raise UsageError(f"--window {text!r}: give the center and width, as 40,400") from None
    if width <= 0:
        raise UsageError(f"--window {text!r}: the width must be positive")
    return Window(center, width)


def _check_pillow() -> None:
    try:
        import PIL  # noqa: F401
    except ImportError:
        raise UsageError('writing PNG needs Pillow: pip install "dicodec[png]"') from None


def frame_path(target: Path, number: int) -> Path:
    """Where frame `number` of a file goes with --all: NAME-0001.png."""
    return target.with_name(f"{target.stem}-{number:04d}{target.suffix}")


def render_file(settings: Settings, job: Job) -> int:
    """Write the PNG of one frame, or of every frame (--all); returns how many were written."""
    from dicodec.filereader import dcmread
    from dicodec.images import display, png
    from dicodec.pixels import iter_pixels, pixel_array
    from dicodec.pixels.description import PIXEL_KEYWORDS

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a damaged but readable file is shown as read
        ds = dcmread(job.source, defer_size=_DEFER_SIZE)  # large values stay in the file
        if not any(keyword in ds for keyword in PIXEL_KEYWORDS):
            raise Refused("no Pixel Data: not an image")
        count = int(ds.get("NumberOfFrames") or 1)
        if settings.frame is None:
            written = 0
            for number, frame in enumerate(iter_pixels(job.source), start=1):
                image = png(display(frame, ds, settings.window))
                write_output(frame_path(job.output, number), image)
                written += 1
            return written
        if settings.frame > count:
            raise Refused(f"frame {settings.frame} asked for: the file has {count}")
        frame = pixel_array(job.source, index=settings.frame - 1)
        write_output(job.output, png(display(frame, ds, settings.window)))
        return 1


__all__ = ["add_parser", "frame_path", "main", "render_file"]

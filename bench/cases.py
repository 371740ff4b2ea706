"""The figures of issue 6: one function per figure, each doing the same work in both libraries.

Every corpus figure reads from bytes held in memory: `dicodec.dcmread(data)`
and `pydicom.dcmread(io.BytesIO(data))`, again in every run. A figure uses
only the files on which both libraries succeed at that figure's work.
"""

from __future__ import annotations

import compileall
import io
import json
import statistics
import subprocess
import sys
import warnings
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pydicom
import pydicom.pixels

import dicodec
import dicodec.pixels

from . import inputs
from .harness import Budget, Figure, Side, median_time
from .inputs import CorpusFile

Sides = dict[str, Side]


@dataclass
class Context:
    quick: bool = False
    _corpus: tuple[list[CorpusFile], list[str]] | None = None
    budget: Budget = field(default_factory=Budget)
    scratch: dict[str, Any] = field(default_factory=dict)  # inputs a figure hands to its `after`

    @property
    def corpus(self) -> list[CorpusFile]:
        if self._corpus is None:
            self._corpus = inputs.load_corpus()
        return self._corpus[0]

    @property
    def corpus_skipped(self) -> list[str]:
        self.corpus  # noqa: B018 - loads it
        assert self._corpus is not None
        return self._corpus[1]

    def scaled(self, factor: float, *, min_runs: int | None = None) -> Budget:
        b = self.budget
        return Budget(b.seconds * factor, min_runs or b.min_runs, b.max_runs)


@dataclass
class Case:
    """One figure: how to get each library's side, or (`run`) a figure measured its own way."""

    name: str
    title: str
    target: str
    target_speedup: float | None
    sides: Callable[[Context, Figure], Sides] | None = None
    run: Callable[[Context, Figure], None] | None = None
    budget: Callable[[Context], Budget] | None = None
    warmup: bool = True
    after: Callable[[Context, Figure], None] | None = None  # reference figures, verdicts

    def figure(self) -> Figure:
        return Figure(self.name, self.title, self.target, self.target_speedup)


CASES: dict[str, Case] = {}


def case(
    name: str, title: str, target: str, target_speedup: float | None, **options: Any
) -> Callable[[Callable[[Context, Figure], Sides]], Callable[[Context, Figure], Sides]]:
    def register(fn: Callable[[Context, Figure], Sides]) -> Callable[[Context, Figure], Sides]:
        CASES[name] = Case(name, title, target, target_speedup, sides=fn, **options)
        return fn

    return register


def custom(
    name: str, title: str, target: str, target_speedup: float | None, **options: Any
) -> Callable[[Callable[[Context, Figure], None]], Callable[[Context, Figure], None]]:
    def register(fn: Callable[[Context, Figure], None]) -> Callable[[Context, Figure], None]:
        CASES[name] = Case(name, title, target, target_speedup, run=fn, **options)
        return fn

    return register


# -- reading ------------------------------------------------------------------------------------


def pd_read(f: CorpusFile, **kwargs: Any) -> Any:
    return pydicom.dcmread(io.BytesIO(f.data), force=f.force, **kwargs)


def dc_read(f: CorpusFile, **kwargs: Any) -> Any:
    return dicodec.dcmread(f.data, force=f.force, **kwargs)


def _both_succeed(
    files: list[CorpusFile], work: dict[str, Callable[[CorpusFile], object]], figure: Figure
) -> list[CorpusFile]:
    """The files on which both libraries' `work` runs without an exception."""
    kept, left_out = [], []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for f in files:
            failed = []
            for lib, fn in work.items():
                try:
                    fn(f)
                except Exception as exc:
                    failed.append(f"{lib} {type(exc).__name__}")
            if failed:
                left_out.append(f"{Path(f.name).name} ({', '.join(failed)})")
            else:
                kept.append(f)
    size = sum(len(f.data) for f in kept)
    figure.extra["files"] = len(kept)
    figure.extra["bytes"] = size
    figure.notes.append(f"{len(kept)} files, {size / 1e6:.2f} MB")
    if left_out:
        figure.extra["left_out"] = left_out
        figure.notes.append(f"left out (one library fails): {', '.join(left_out)}")
    return kept


def pd_decode_all(f: CorpusFile) -> None:
    for element in pd_read(f).iterall():
        element.value  # noqa: B018 - converting the raw element is the work


def dc_decode_all(f: CorpusFile) -> None:
    for element in dc_read(f).iterall():
        element.value  # noqa: B018 - decoding is the work


def pd_read_no_pixels(f: CorpusFile) -> None:
    pd_read(f, stop_before_pixels=True)


def dc_read_no_pixels(f: CorpusFile) -> None:
    dc_read(f, stop_before_pixels=True)


def _each(fn: Callable[[CorpusFile], object], files: list[CorpusFile]) -> Side:
    def every_file() -> None:
        for f in files:
            fn(f)

    return Side.plain(every_file)


@case(
    "read-decode-all",
    "read every corpus file and decode every value, recursively (iterall + .value)",
    ">= 3x",
    3.0,
)
def read_decode_all(ctx: Context, figure: Figure) -> Sides:
    work = {"pydicom": pd_decode_all, "dicodec": dc_decode_all}
    files = _both_succeed(ctx.corpus, work, figure)
    return {lib: _each(fn, files) for lib, fn in work.items()}


@case(
    "read-no-decode",
    "read every corpus file, stop_before_pixels, decode nothing",
    ">= 3x",
    3.0,
)
def read_no_decode(ctx: Context, figure: Figure) -> Sides:
    work = {"pydicom": pd_read_no_pixels, "dicodec": dc_read_no_pixels}
    files = _both_succeed(ctx.corpus, work, figure)
    return {lib: _each(fn, files) for lib, fn in work.items()}


# -- keywords -----------------------------------------------------------------------------------

KEYWORD_FILES = ("CT_small.dcm", "MR_small.dcm", "MR_small_implicit.dcm", "MR_small_bigendian.dcm")
KEYWORDS = (
    "PatientName",
    "PatientID",
    "StudyInstanceUID",
    "SOPInstanceUID",
    "Modality",
    "StudyDate",
    "Rows",
    "Columns",
    "BitsAllocated",
    "PixelSpacing",
    "SliceThickness",
    "ImagePositionPatient",
)
KEYWORD_LOOPS = 500  # each loop gets (or sets) every keyword on every dataset


def _keyword_files(ctx: Context, figure: Figure) -> list[CorpusFile]:
    files = [inputs.corpus_file(ctx.corpus, name) for name in KEYWORD_FILES]
    n = len(files) * len(KEYWORDS) * KEYWORD_LOOPS
    figure.extra["accesses"] = n
    figure.notes.append(
        f"{len(KEYWORDS)} keywords x {len(files)} datasets x {KEYWORD_LOOPS} loops = {n} accesses "
        "per run, on datasets read fresh (untimed) before each run"
    )
    return files


def _getter(read: Callable[..., Any], files: list[CorpusFile]) -> Side:
    def prepare() -> Callable[[], None]:
        datasets = [read(f) for f in files]

        def get() -> None:
            for _ in range(KEYWORD_LOOPS):
                for ds in datasets:
                    ds.PatientName  # noqa: B018
                    ds.PatientID  # noqa: B018
                    ds.StudyInstanceUID  # noqa: B018
                    ds.SOPInstanceUID  # noqa: B018
                    ds.Modality  # noqa: B018
                    ds.StudyDate  # noqa: B018
                    ds.Rows  # noqa: B018
                    ds.Columns  # noqa: B018
                    ds.BitsAllocated  # noqa: B018
                    ds.PixelSpacing  # noqa: B018
                    ds.SliceThickness  # noqa: B018
                    ds.ImagePositionPatient  # noqa: B018

        return get

    return Side(prepare)


@case("keyword-get", "keyword attribute get (ds.PatientName, ds.Rows, ...)", ">= 5x", 5.0)
def keyword_get(ctx: Context, figure: Figure) -> Sides:
    files = _keyword_files(ctx, figure)
    return {"pydicom": _getter(pd_read, files), "dicodec": _getter(dc_read, files)}


# Keywords none of KEYWORD_FILES has: what user code tests for before it reads them.
ABSENT_KEYWORDS = (
    "NumberOfFrames",
    "PlanarConfiguration",
    "RescaleType",
    "VOILUTSequence",
    "ModalityLUTSequence",
    "PixelAspectRatio",
)


def _absent_getter(read: Callable[..., Any], files: list[CorpusFile]) -> Side:
    def prepare() -> Callable[[], None]:
        datasets = [read(f) for f in files]
        for ds in datasets:
            present = [k for k in ABSENT_KEYWORDS if k in ds]
            assert not present, f"{ds.filename}: has {present}: pick absent keywords"

        def get() -> None:
            for _ in range(KEYWORD_LOOPS):
                for ds in datasets:
                    getattr(ds, "NumberOfFrames", None)
                    getattr(ds, "PlanarConfiguration", None)
                    getattr(ds, "RescaleType", None)
                    getattr(ds, "VOILUTSequence", None)
                    getattr(ds, "ModalityLUTSequence", None)
                    getattr(ds, "PixelAspectRatio", None)
                    ds.get("NumberOfFrames")
                    ds.get("PlanarConfiguration")
                    ds.get("RescaleType")
                    ds.get("VOILUTSequence")
                    ds.get("ModalityLUTSequence")
                    ds.get("PixelAspectRatio")

        return get

    return Side(prepare)


@case(
    "keyword-absent",
    "absent keyword: getattr(ds, K, None) and ds.get(K), 6 keywords each",
    ">= 5x",
    5.0,
)
def keyword_absent(ctx: Context, figure: Figure) -> Sides:
    files = [inputs.corpus_file(ctx.corpus, name) for name in KEYWORD_FILES]
    n = len(files) * len(ABSENT_KEYWORDS) * 2 * KEYWORD_LOOPS
    figure.extra["accesses"] = n
    figure.notes.append(
        f"{len(ABSENT_KEYWORDS)} absent keywords x 2 forms x {len(files)} datasets x "
        f"{KEYWORD_LOOPS} loops = {n} accesses per run, on datasets read fresh (untimed)"
    )
    return {"pydicom": _absent_getter(pd_read, files), "dicodec": _absent_getter(dc_read, files)}


def _setter(read: Callable[..., Any], files: list[CorpusFile]) -> Side:
    def prepare() -> Callable[[], None]:
        datasets = [read(f) for f in files]
        spacing = [0.5, 0.5]
        position = [-125.0, -125.0, 42.5]

        def set_() -> None:
            for _ in range(KEYWORD_LOOPS):
                for ds in datasets:
                    ds.PatientName = "Doe^Jane"
                    ds.PatientID = "BENCH-42"
                    ds.StudyInstanceUID = "1.2.826.0.1.3680043.8.498.10"
                    ds.SOPInstanceUID = "1.2.826.0.1.3680043.8.498.11"
                    ds.Modality = "CT"
                    ds.StudyDate = "20240101"
                    ds.Rows = 512
                    ds.Columns = 512
                    ds.BitsAllocated = 16
                    ds.PixelSpacing = spacing
                    ds.SliceThickness = 1.25
                    ds.ImagePositionPatient = position

        return set_

    return Side(prepare)


@case(
    "keyword-set",
    "keyword attribute set (the same 12 keywords; str, int, float and list values)",
    ">= 3x",
    3.0,
)
def keyword_set(ctx: Context, figure: Figure) -> Sides:
    files = _keyword_files(ctx, figure)
    return {"pydicom": _setter(pd_read, files), "dicodec": _setter(dc_read, files)}


# -- writing ------------------------------------------------------------------------------------


def _writer(
    read: Callable[..., Any], write: Callable[[Any, Any], None], files: list[CorpusFile]
) -> Side:
    def prepare() -> Callable[[], None]:
        datasets = [read(f) for f in files]

        def write_all() -> None:
            for ds in datasets:
                write(io.BytesIO(), ds)

        return write_all

    return Side(prepare)


def pd_write(buffer: Any, ds: Any) -> None:
    pydicom.dcmwrite(buffer, ds)


def dc_write(buffer: Any, ds: Any) -> None:
    dicodec.dcmwrite(buffer, ds)


@case(
    "write-corpus",
    "write every corpus file to memory (datasets read fresh, untimed, before each run)",
    ">= 3x",
    3.0,
)
def write_corpus(ctx: Context, figure: Figure) -> Sides:
    work = {
        "pydicom": lambda f: pd_write(io.BytesIO(), pd_read(f)),
        "dicodec": lambda f: dc_write(io.BytesIO(), dc_read(f)),
    }
    files = _both_succeed(ctx.corpus, work, figure)
    return {
        "pydicom": _writer(pd_read, pd_write, files),
        "dicodec": _writer(dc_read, dc_write, files),
    }


@case(
    "sequence-10k-build-write",
    "build and write an RT Structure Set with a 10,000-item nested sequence",
    ">= 5x",
    5.0,
    budget=lambda ctx: ctx.scaled(2.0, min_runs=3),
    warmup=False,
)
def sequence_build_write(ctx: Context, figure: Figure) -> Sides:
    contours = inputs.contour_data()
    figure.notes.append(
        f"{inputs.SEQUENCE_ITEMS} ROIContourSequence items, each a ContourSequence item with "
        f"{3 * inputs.CONTOUR_POINTS} ContourData DS values; written with enforce_file_format"
    )

    def pd() -> None:
        pydicom.dcmwrite(
            io.BytesIO(), inputs.build_structure_set(pydicom, contours), enforce_file_format=True
        )

    def dc() -> None:
        dicodec.dcmwrite(
            io.BytesIO(), inputs.build_structure_set(dicodec, contours), enforce_file_format=True
        )

    return {"pydicom": Side.plain(pd), "dicodec": Side.plain(dc)}


@case(
    "sequence-10k-read-decode",
    "read the 10,000-item structure set and decode every value (reference, no target)",
    "-",
    None,
    budget=lambda ctx: ctx.scaled(1.0, min_runs=3),
)
def sequence_read_decode(ctx: Context, figure: Figure) -> Sides:
    f = CorpusFile("rtstruct", inputs.structure_set().read_bytes(), False)
    return {
        "pydicom": Side.plain(lambda: pd_decode_all(f)),
        "dicodec": Side.plain(lambda: dc_decode_all(f)),
    }


# -- pixels -------------------------------------------------------------------------------------


def _memcpy_reference(ctx: Context, figure: Figure) -> None:
    data = ctx.scratch.pop("native-100MB")
    buffer = np.frombuffer(data, dtype=np.uint8)
    copy = median_time(buffer.copy, ctx.scaled(0.5))
    figure.extra["memcpy_s"] = copy
    assert figure.dicodec is not None
    ratio = figure.dicodec / copy
    figure.extra["dicodec_over_memcpy"] = ratio
    within = ratio <= 3.0
    figure.notes.append(
        f"one memory copy of the file's {len(data) / 1e6:.0f} MB (numpy copy): {copy * 1e3:.1f} ms; "
        f"dicodec takes {ratio:.1f}x that (target <= 3x: {'met' if within else 'NOT MET'})"
    )
    figure.met = bool(figure.met) and within


@case(
    "pixels-native-100MB",
    "dcmread + pixel_array of a 100 MB native multi-frame file (16-bit MONOCHROME2)",
    ">= 2x, <= 3x memcpy",
    2.0,
    budget=lambda ctx: ctx.scaled(1.0, min_runs=5),
    after=_memcpy_reference,
)
def pixels_native(ctx: Context, figure: Figure) -> Sides:
    data = inputs.native_multiframe(100).read_bytes()
    ctx.scratch["native-100MB"] = data
    frames = (len(data) - 1) // inputs.FRAME_BYTES
    figure.notes.append(f"{frames} frames of 1024 x 1024, read from bytes in every run")
    return {
        "pydicom": Side.plain(lambda: pydicom.dcmread(io.BytesIO(data)).pixel_array),
        "dicodec": Side.plain(lambda: dicodec.dcmread(data).pixel_array),
    }


def _decode_side(
    read: Callable[[], Any],
    configure: Callable[[Any], None] | None = None,
    decode: Callable[[Any], object] | None = None,
) -> Side:
    """Read (untimed), then time `ds.pixel_array` (or `decode(ds)`)."""

    def prepare() -> Callable[[], object]:
        ds = read()
        if configure is not None:
            configure(ds)
        if decode is not None:
            return lambda: decode(ds)
        return lambda: ds.pixel_array

    return Side(prepare)


def _rle_bytes(figure: Figure) -> bytes:
    data = inputs.rle_multiframe().read_bytes()
    frames, rows, columns = inputs.RLE_SHAPE
    figure.notes.append(
        f"{frames} frames of {rows} x {columns} 16-bit, {len(data) / 1e6:.1f} MB of RLE; "
        "dataset read untimed before each run, pixel_array timed"
    )
    return data


@case(
    "rle-own-decoder",
    "RLE decode, no extra package (dicodec in-house vs pydicom decoding_plugin='pydicom')",
    ">= 3x",
    3.0,
    budget=lambda ctx: ctx.scaled(1.5, min_runs=3),
)
def rle_own(ctx: Context, figure: Figure) -> Sides:
    data = _rle_bytes(figure)
    figure.notes.append(
        "pydicom: ds.pixel_array_options(decoding_plugin='pydicom') then ds.pixel_array"
    )
    return {
        "pydicom": _decode_side(
            lambda: pydicom.dcmread(io.BytesIO(data)),
            lambda ds: ds.pixel_array_options(decoding_plugin="pydicom"),
        ),
        "dicodec": _decode_side(
            lambda: dicodec.dcmread(data),
            decode=lambda ds: dicodec.pixels.pixel_array(ds, decoding_plugin="dicodec-rle"),
        ),
    }


@case(
    "rle-plugins",
    "RLE decode, codec packages installed (each library's preferred decoder)",
    "no slower",
    1.0,
    budget=lambda ctx: ctx.scaled(1.0, min_runs=3),
)
def rle_plugins(ctx: Context, figure: Figure) -> Sides:
    data = _rle_bytes(figure)
    figure.notes.append("both libraries' first RLE plugin is pylibjpeg-rle (compiled)")
    return {
        "pydicom": _decode_side(lambda: pydicom.dcmread(io.BytesIO(data))),
        "dicodec": _decode_side(lambda: dicodec.dcmread(data)),
    }


FAMILIES = {
    "jpeg": (
        "1.2.840.10008.1.2.4.50",
        "1.2.840.10008.1.2.4.51",
        "1.2.840.10008.1.2.4.57",
        "1.2.840.10008.1.2.4.70",
    ),
    "jpegls": ("1.2.840.10008.1.2.4.80", "1.2.840.10008.1.2.4.81"),
    "j2k": (
        "1.2.840.10008.1.2.4.90",
        "1.2.840.10008.1.2.4.91",
        "1.2.840.10008.1.2.4.201",
        "1.2.840.10008.1.2.4.202",
        "1.2.840.10008.1.2.4.203",
    ),
}
PLUGINS = {
    "jpeg": "both: pylibjpeg-libjpeg",
    "jpegls": "pydicom: pylibjpeg-libjpeg; dicodec: pyjpegls (CharLS)",
    "j2k": "both: pylibjpeg-openjpeg",
}


def _family_files(ctx: Context, family: str) -> list[CorpusFile]:
    out = []
    for f in ctx.corpus:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            uid = dc_read(f, stop_before_pixels=True).file_meta.get("TransferSyntaxUID")
        if uid is not None and str(uid) in FAMILIES[family]:
            out.append(f)
    return out


def _corpus_decoder(read: Callable[[CorpusFile], Any], files: list[CorpusFile]) -> Side:
    def prepare() -> Callable[[], None]:
        datasets = [read(f) for f in files]

        def decode_all() -> None:
            for ds in datasets:
                ds.pixel_array  # noqa: B018

        return decode_all

    return Side(prepare)


def _family_case(family: str) -> Callable[[Context, Figure], Sides]:
    def sides(ctx: Context, figure: Figure) -> Sides:
        work = {
            "pydicom": lambda f: pd_read(f).pixel_array,
            "dicodec": lambda f: dc_read(f).pixel_array,
        }
        files = _both_succeed(_family_files(ctx, family), work, figure)
        figure.notes.append(f"plugins: {PLUGINS[family]}; datasets read untimed before each run")
        return {
            "pydicom": _corpus_decoder(pd_read, files),
            "dicodec": _corpus_decoder(dc_read, files),
        }

    return sides


for _family, _title in (
    ("jpeg", "JPEG (baseline, extended, lossless) corpus files"),
    ("jpegls", "JPEG-LS corpus files"),
    ("j2k", "JPEG 2000 / HTJ2K corpus files"),
):
    CASES[f"{_family}-plugins"] = Case(
        f"{_family}-plugins",
        f"pixel_array of the {_title}, codec packages installed",
        "no slower",
        1.0,
        sides=_family_case(_family),
    )


# -- import time --------------------------------------------------------------------------------


def compile_bytecode() -> str:
    """Compile both libraries' modules, so that no run pays for compiling (PYTHONDONTWRITEBYTECODE)."""
    import dicodec.generated

    dirs = {
        Path(m.__file__).parent for m in (dicodec, dicodec.generated, pydicom, np) if m.__file__
    }
    for d in sorted(dirs):
        compileall.compile_dir(str(d), quiet=1)
    return "compiled with compileall before timing: " + ", ".join(str(d) for d in sorted(dirs))


def _python(code: str) -> Callable[[], None]:
    def run() -> None:
        subprocess.run([sys.executable, "-c", code], check=True)

    return run


@case(
    "import",
    "python -c 'import dicodec' vs 'import pydicom' (whole process, in a subprocess)",
    "no slower",
    1.0,
    budget=lambda ctx: ctx.scaled(2.0, min_runs=10),
)
def import_time(ctx: Context, figure: Figure) -> Sides:
    figure.notes.append(compile_bytecode())
    empty = median_time(_python("pass"), ctx.scaled(0.5, min_runs=5))
    figure.extra["python_pass_s"] = empty
    figure.notes.append(f"an empty `python -c pass` takes {empty * 1e3:.1f} ms (included in both)")
    return {
        "pydicom": Side.plain(_python("import pydicom")),
        "dicodec": Side.plain(_python("import dicodec")),
    }


# -- peak memory --------------------------------------------------------------------------------

_MEMORY_SCRIPT = """
import json, sys, warnings
warnings.simplefilter("ignore")
lib, action, path = sys.argv[1:4]

def high_water_kb():
    # VmHWM: this process's own peak RSS. ru_maxrss only where there is no /proc: across
    # fork + exec it keeps the parent's peak, and the benchmark's parent holds hundreds of MB.
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

import numpy
if lib == "pydicom":
    import pydicom, pydicom.pixels
    read, frame = pydicom.dcmread, pydicom.pixels.pixel_array
else:
    import dicodec, dicodec.pixels
    read, frame = dicodec.dcmread, dicodec.pixels.pixel_array
base = high_water_kb()
if action == "stop_before_pixels":
    ds = read(path, stop_before_pixels=True)
    ds.PatientName
else:
    arr = frame(path, index=0)
    assert arr.shape == (1024, 1024), arr.shape
peak = high_water_kb()
print(json.dumps({"baseline_kb": base, "peak_kb": peak}))
"""


def peak_memory(lib: str, action: str, path: Path) -> dict[str, float]:
    """Peak RSS growth (MB) of `action` in a fresh interpreter, over the interpreter with imports."""
    out = subprocess.run(
        [sys.executable, "-c", _MEMORY_SCRIPT, lib, action, str(path)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    kb = json.loads(out.strip().splitlines()[-1])
    return {
        "baseline_mb": kb["baseline_kb"] / 1024,
        "delta_mb": (kb["peak_kb"] - kb["baseline_kb"]) / 1024,
    }


def _memory_figure(action: str) -> Callable[[Context, Figure], None]:
    def run(ctx: Context, figure: Figure) -> None:
        path = inputs.native_multiframe(1000)
        figure.unit = "MB"
        repeats = 1 if ctx.quick else 3
        found: dict[str, list[dict[str, float]]] = {"pydicom": [], "dicodec": []}
        for i in range(repeats):
            for lib in ("pydicom", "dicodec") if i % 2 == 0 else ("dicodec", "pydicom"):
                found[lib].append(peak_memory(lib, action, path))
        figure.runs = repeats
        figure.pydicom = statistics.median(r["delta_mb"] for r in found["pydicom"])
        figure.dicodec = statistics.median(r["delta_mb"] for r in found["dicodec"])
        figure.extra["baseline_mb"] = {lib: found[lib][0]["baseline_mb"] for lib in found}
        frame_mb = inputs.FRAME_BYTES / 2**20
        figure.extra["frame_mb"] = frame_mb
        figure.met = figure.dicodec < 50
        figure.notes.append(
            f"{path.stat().st_size / 1e9:.2f} GB file, read by path in a fresh interpreter; "
            f"peak RSS (VmHWM) growth over the interpreter with the library and numpy imported "
            f"(baseline: pydicom {figure.extra['baseline_mb']['pydicom']:.0f} MB, "
            f"dicodec {figure.extra['baseline_mb']['dicodec']:.0f} MB); one frame is {frame_mb:.0f} MiB; "
            f"dicodec = {figure.dicodec / frame_mb:.1f} frames"
        )

    return run


CASES["memory-stop-before-pixels"] = Case(
    "memory-stop-before-pixels",
    "peak memory: dcmread(path, stop_before_pixels=True) of the 1 GB file",
    "< 50 MB",
    None,
    run=_memory_figure("stop_before_pixels"),
)
CASES["memory-one-frame"] = Case(
    "memory-one-frame",
    "peak memory: pixels.pixel_array(path, index=0) of the 1 GB file",
    "< 50 MB, ~1 frame",
    None,
    run=_memory_figure("one_frame"),
)

"""What an embedded package holds: the keywords and transfer syntaxes a user asks for.

A request is what the command line says (`--keyword`, `--keywords FILE`, `--iod`,
`--module`, `--transfer-syntax`, `--pixels`); `resolve` turns it into a `Selection` of the
spec's own names, refusing, with the closest names, whatever the spec does not know.
"""

from __future__ import annotations

import difflib
import shlex
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from codegen.iod_contexts import class_name
from codegen.iod_spec import IOD, IODSpec, Module
from codegen.spec import Spec

# The transfer syntaxes of native Pixel Data in a dataset as the runtime reads and writes it
# (PS3.5 A.1-A.5): what a package holds when `--transfer-syntax` is not given.
NATIVE = (
    "ImplicitVRLittleEndian",
    "ExplicitVRLittleEndian",
    "DeflatedExplicitVRLittleEndian",
    "ExplicitVRBigEndian",
)


_Entry = TypeVar("_Entry", IOD, Module)


class SelectionError(Exception):
    """A keyword, IOD, module or transfer syntax that the spec does not know."""


@dataclass(frozen=True)
class Request:
    """The command line of `dicodec embed`, as given (the package header repeats it)."""

    package: str
    output: str
    keyword_files: tuple[str, ...] = ()
    keywords: tuple[str, ...] = ()
    iods: tuple[str, ...] = ()
    modules: tuple[str, ...] = ()
    transfer_syntaxes: tuple[str, ...] = ()
    pixels: bool = False
    keep_docs: bool = False

    def command(self) -> str:
        """The one line that makes the package again."""
        return shlex.join(["dicodec", "embed", "--package", self.package, "-o", self.output]) + (
            " " + self.options() if self.options() else ""
        )

    def options(self) -> str:
        """The selection's options, in a fixed order; the values of one option joined by
        commas (as the command line takes them)."""
        words = []
        for name in self.keyword_files:
            words += ["--keywords", name]
        for option, values in (
            ("--keyword", self.keywords),
            ("--iod", self.iods),
            ("--module", self.modules),
            ("--transfer-syntax", self.transfer_syntaxes),
        ):
            if values:
                words += [option, ",".join(values)]
        if self.pixels:
            words.append("--pixels")
        if self.keep_docs:
            words.append("--keep-docs")
        return shlex.join(words)


@dataclass(frozen=True)
class Selection:
    """The request in the spec's names: keywords, transfer syntax UIDs, SOP Class UIDs."""

    request: Request
    keywords: tuple[str, ...]  # sorted
    transfer_syntaxes: tuple[str, ...]  # UIDs, in the order asked
    sop_classes: tuple[str, ...]  # of the IODs asked for (their UIDs go in the registry)
    iods: tuple[str, ...]  # the IODs' names, for the header
    modules: tuple[str, ...]  # the modules' names, for the header


def resolve(spec: Spec, request: Request, cwd: Path) -> Selection:
    """The selection `request` makes of `spec`; keyword files are read relative to `cwd`."""
    known = {e.keyword: e for e in spec.elements if e.keyword}
    asked: list[str] = []
    for name in request.keyword_files:
        asked += _keywords_in(cwd / name)
    asked += request.keywords
    iods, modules = _iods_and_modules(spec.iods, request)
    if modules:
        assert spec.iods is not None
        chosen = {m.id for m in modules}
        asked += [row.keyword for row in spec.iods.rows if row.module in chosen]
    if not asked:
        raise SelectionError("nothing selected: give --keyword, --keywords, --iod or --module")
    unknown = sorted({k for k in asked if k not in known})
    if unknown:
        raise SelectionError(
            "not keywords of the data dictionary: "
            + ", ".join(_with_suggestion(k, known) for k in unknown)
        )
    keywords = tuple(sorted({k for k in asked if known[k].vr != "NONE"}))
    return Selection(
        request=request,
        keywords=keywords,
        transfer_syntaxes=_transfer_syntaxes(spec, request.transfer_syntaxes or NATIVE),
        sop_classes=tuple(dict.fromkeys(uid for iod in iods for uid in iod.sop_classes)),
        iods=tuple(iod.name for iod in iods),
        modules=tuple(m.name for m in modules),
    )


def _keywords_in(path: Path) -> list[str]:
    """A keywords file: one keyword a line; blank lines and `#` comments are ignored."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise SelectionError(f"cannot read the keywords file {path}: {exc.strerror}") from None
    return [
        word
        for line in text.splitlines()
        for word in line.split("#", 1)[0].replace(",", " ").split()
    ]


def _with_suggestion(word: str, known: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(known), n=1, cutoff=0.75)
    return f"{word} (did you mean {close[0]}?)" if close else word


def _names(name: str, identifier: str) -> set[str]:
    """The ways to name an IOD or a module: "CTImage", "ct-image", "CT Image" (any case)."""
    return {class_name(name).lower(), identifier.lower(), name.lower()}


def _iods_and_modules(iods: IODSpec | None, request: Request) -> tuple[list[IOD], list[Module]]:
    """The IODs asked for, and the modules: those named, else every module of the IODs."""
    if not (request.iods or request.modules):
        return [], []
    if iods is None:
        raise SelectionError("--iod and --module need spec/iods.yaml and spec/modules.yaml")
    found_iods = [_find(iods.iods, name, "IOD") for name in request.iods]
    in_iods = {u.module for iod in found_iods for u in iods.usages if u.iod == iod.id}
    by_id = {m.id: m for m in iods.modules}
    if request.modules:
        modules = [_find(iods.modules, name, "module") for name in request.modules]
        outside = [m.name for m in modules if found_iods and m.id not in in_iods]
        if outside:
            raise SelectionError(
                f"not modules of {', '.join(i.name for i in found_iods)}: {', '.join(outside)}"
            )
    else:
        order = [u.module for iod in found_iods for u in iods.usages if u.iod == iod.id]
        modules = [by_id[m] for m in dict.fromkeys(order)]
    return found_iods, modules


def _find(entries: Iterable[_Entry], name: str, what: str) -> _Entry:
    choices = list(entries)
    for entry in choices:
        if name.lower() in _names(entry.name, entry.id):
            return entry
    close = difflib.get_close_matches(name, [class_name(e.name) for e in choices], n=3)
    hint = f" (did you mean {' or '.join(close)}?)" if close else ""
    raise SelectionError(f"no {what} {name!r} in PS3.3{hint}")


def _transfer_syntaxes(spec: Spec, names: Iterable[str]) -> tuple[str, ...]:
    by_name = {t.uid: t.uid for t in spec.transfer_syntaxes}
    by_name.update({t.keyword: t.uid for t in spec.transfer_syntaxes})
    found = []
    for name in names:
        if name not in by_name:
            close = difflib.get_close_matches(name, by_name, n=1)
            hint = f" (did you mean {close[0]}?)" if close else ""
            raise SelectionError(f"{name!r} is not a transfer syntax UID or keyword{hint}")
        found.append(by_name[name])
    return tuple(dict.fromkeys(found))

"""`dicodec.validate(ds)`: check a dataset against its IOD in PS3.3.

What it reports, each finding with the attribute's path, tag, module and a one-line reason:
- errors: an unknown SOP class; a mandatory module that is missing (none of its Type 1
  attributes present); a Type 1 attribute missing or empty, a Type 2 attribute missing, at
  the top level and in every item of the sequences present; a VM the dictionary does not
  allow; a value invalid for its VR;
- notes: conditional modules and conditional (1C, 2C) attributes whose condition is not
  evaluated, and attributes that belong to no module of the IOD.

Modules: a mandatory module (M) is checked always; a conditional one (C) is checked as
mandatory when its condition is a rule that holds (see `dicodec.iods.conditions`); a user
optional one (U), or a conditional one whose rule does not hold or cannot be evaluated,
is checked when present, that is when one of its own attributes (one no mandatory module
of the IOD also has) is in the dataset.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

from dicodec.datadict import keyword_for_tag, tag_for_keyword
from dicodec.errors import DicomError, UnknownIODError, tag_text
from dicodec.iods import iod_class, sop_class_iod
from dicodec.iods.conditions import evaluate
from dicodec.iods.value_checks import value_problem, vm_problem
from dicodec.iods.views import Attribute, IODView, ModuleUsage, View, module_attributes

if TYPE_CHECKING:
    from dicodec.dataset import Dataset
    from dicodec.element import DataElement

_SOP_CLASS_UID = tag_for_keyword("SOPClassUID")
_MEDIA_SOP_CLASS_UID = tag_for_keyword("MediaStorageSOPClassUID")
_DIRECTORY = tag_for_keyword("DirectoryRecordSequence")
_EMPTY = (None, "")


@dataclass(frozen=True)
class Finding:
    """One problem or note: where (path, tag, module) and why (one line)."""

    severity: str  # "error" or "note"
    kind: str  # missing, empty, missing-module, unknown-sop-class, vm, value, conditional, extra
    path: str  # "ReferencedImageSequence[0].ReferencedSOPClassUID"; "" for the dataset itself
    tag: str | None  # "(0008,1150)"
    module: str | None  # "General Image"
    reason: str

    def __str__(self) -> str:
        where = " ".join(p for p in (self.path, self.tag) if p)
        module = f" [{self.module}]" if self.module else ""
        return f"{self.severity}: {where}{module}: {self.reason}"


@dataclass
class ValidationReport:
    """What `validate` found: `ok` when there is no error (notes do not count)."""

    sop_class_uid: str | None
    iod: str | None
    findings: list[Finding] = field(default_factory=list)
    conditions_evaluated: int = 0  # conditional modules whose rule was evaluated

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def notes(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "note"]

    @property
    def ok(self) -> bool:
        return not self.errors

    def to_dict(self) -> dict[str, Any]:
        return {
            "sop_class_uid": self.sop_class_uid,
            "iod": self.iod,
            "ok": self.ok,
            "errors": len(self.errors),
            "notes": len(self.notes),
            "conditions_evaluated": self.conditions_evaluated,
            "findings": [asdict(f) for f in self.findings],
        }

    def summary(self) -> str:
        iod = self.iod or "no IOD"
        errors, notes = len(self.errors), len(self.notes)
        return (
            f"{iod} ({self.sop_class_uid or 'no SOP Class UID'}): "
            f"{errors} error{'s' if errors != 1 else ''}, {notes} note{'s' if notes != 1 else ''}"
        )

    def __str__(self) -> str:
        return "\n".join([self.summary(), *(f"  {f}" for f in self.findings)])


class _Checker:
    def __init__(self, report: ValidationReport) -> None:
        self.report = report
        self.seen: set[tuple[str, str]] = set()

    def add(
        self, severity: str, kind: str, path: str, tag: int | None, module: str | None, reason: str
    ) -> None:
        if (kind, path) in self.seen:  # two modules with the same attribute say it once
            return
        self.seen.add((kind, path))
        text = tag_text(tag) if tag is not None else None
        self.report.findings.append(Finding(severity, kind, path, text, module, reason))

    # -- modules and attributes -------------------------------------------------------------
    def modules(self, iod: type[IODView], ds: Dataset) -> None:
        mandatory = {
            a.tag for u in iod.modules if u.usage == "M" for a in module_attributes(u.module)
        }
        present = {u.module.module_id: _present(u.module, ds, mandatory) for u in iod.modules}
        for usage in iod.modules:
            state = self._state(usage, ds, present)
            module = usage.module.module_name
            if state == "required":
                type1 = [a for a in module_attributes(usage.module) if a.requirement == "1"]
                if type1 and not any(a.tag in ds for a in type1):
                    why = "mandatory" if usage.usage == "M" else "required by its condition"
                    self.add(
                        "error", "missing-module", "", None, module,
                        f"{why} module missing: none of its Type 1 attributes is present",
                    )  # fmt: skip
                self.attributes(usage.module, ds, "", module)
            elif present[usage.module.module_id]:
                self.attributes(usage.module, ds, "", module)
            elif state == "not evaluated":
                self.add(
                    "note", "conditional", "", None, module,
                    f"conditional module, not evaluated: {usage.condition or 'no condition given'}",
                )  # fmt: skip
        for name in iod.modules_without_table:
            self.add(
                "note",
                "no-table",
                "",
                None,
                name,
                "module without an attribute table in the source, not checked",
            )
        known = {a.tag for u in iod.modules for a in module_attributes(u.module)}
        for tag in ds.keys():
            if tag not in known and not tag >> 16 & 1 and tag & 0xFFFF:
                keyword = keyword_for_tag(tag) or tag_text(tag)
                self.add("note", "extra", keyword, tag, None, "in no module of the IOD")

    def _state(self, usage: ModuleUsage, ds: Dataset, present: dict[str, bool]) -> str:
        if usage.usage == "M":
            return "required"
        if usage.usage == "C" and usage.rule is not None:
            self.report.conditions_evaluated += 1
            return "required" if evaluate(usage.rule, ds, present) else "optional"
        return "not evaluated" if usage.usage == "C" else "optional"

    def attributes(
        self,
        cls: type[View],
        ds: Dataset,
        prefix: str,
        module: str,
        elsewhere: frozenset[int] = frozenset(),
    ) -> None:
        """Check `ds` (the dataset, or an item) against a module's or an item's attributes.

        `elsewhere`: tags that may stand in for a missing attribute here (the functional
        groups of the other functional groups sequence).
        """
        for attribute in module_attributes(cls):
            path = prefix + attribute.keyword
            kind = attribute.requirement
            element = _element(ds, attribute.tag)
            if element is None:
                if attribute.tag in elsewhere:
                    continue
                if kind in ("1", "2"):
                    self.add(
                        "error", "missing", path, attribute.tag, module, f"Type {kind}, missing"
                    )
                elif kind in ("1C", "2C"):
                    self.add(
                        "note",
                        "conditional",
                        path,
                        attribute.tag,
                        module,
                        f"Type {kind}, absent: its condition is not evaluated",
                    )
                continue
            value = _value(element)
            if kind == "1" and (value in _EMPTY or (isinstance(value, list) and not value)):
                self.add("error", "empty", path, attribute.tag, module, "Type 1, present but empty")
            if attribute.item is not None and isinstance(value, list):
                item_class = attribute.item_class
                if item_class is None:
                    continue
                others = _other_functional_groups(ds, attribute.tag)
                for index, item in enumerate(value):
                    self.attributes(item_class, item, f"{path}[{index}].", module, others)

    # -- values -----------------------------------------------------------------------------
    def values(self, ds: Dataset, prefix: str = "") -> None:
        for tag in list(ds.keys()):
            if tag & 0xFFFF == 0:  # group lengths
                continue
            element = _element(ds, tag)
            if element is None:
                continue
            path = prefix + (keyword_for_tag(tag) or tag_text(tag))
            try:
                value = element.value
                count = element.VM
            except DicomError as exc:
                self.add("error", "value", path, tag, None, f"cannot be decoded: {exc}")
                continue
            if element.VR == "SQ":
                for index, item in enumerate(value or ()):
                    self.values(item, f"{path}[{index}].")
                continue
            if tag >> 16 & 1:
                continue  # private: the dictionary knows neither its VM nor its rules
            problem = vm_problem(tag, count)
            if problem:
                self.add("error", "vm", path, tag, None, problem)
            if value not in _EMPTY:
                problem = value_problem(element.VR, value)
                if problem:
                    self.add("error", "value", path, tag, None, f"invalid {element.VR}: {problem}")


# PS3.3 C.7.6.16.1: each functional group is in the shared item or in every per-frame item
_SHARED = tag_for_keyword("SharedFunctionalGroupsSequence")
_PER_FRAME = tag_for_keyword("PerFrameFunctionalGroupsSequence")


def _other_functional_groups(ds: Dataset, tag: int) -> frozenset[int]:
    """For a functional groups sequence: the functional groups the other one has."""
    other = {_SHARED: _PER_FRAME, _PER_FRAME: _SHARED}.get(tag)
    element = _element(ds, other) if other is not None else None
    items = _value(element) if element is not None else None
    if not isinstance(items, list) or not items:
        return frozenset()
    common = set(items[0].keys())
    for item in items[1:]:
        common &= set(item.keys())
    return frozenset(common)


def _element(ds: Dataset, tag: int) -> DataElement | None:
    try:
        return ds[tag] if tag in ds else None
    except DicomError:
        return None


def _value(element: DataElement) -> Any:
    try:
        return element.value
    except DicomError:
        return None


def _present(cls: type[View], ds: Dataset, mandatory: set[int]) -> bool:
    """Whether one of the module's own attributes (one no mandatory module has) is present."""
    return any(a.tag in ds for a in module_attributes(cls) if a.tag not in mandatory)


def _resolve(
    iod: type[IODView] | str | None, ds: Dataset, report: ValidationReport, checker: _Checker
) -> type[IODView] | None:
    if isinstance(iod, type):
        return iod
    if iod is not None:
        return iod_class(iod)
    if report.sop_class_uid is None:
        checker.add(
            "error",
            "unknown-sop-class",
            "SOPClassUID",
            _SOP_CLASS_UID,
            None,
            "no SOP Class UID: the IOD is unknown",
        )
        return None
    try:
        return sop_class_iod(report.sop_class_uid)
    except UnknownIODError as exc:
        checker.add("error", "unknown-sop-class", "SOPClassUID", _SOP_CLASS_UID, None, str(exc))
        return None


def validate(ds: Dataset, iod: type[IODView] | str | None = None) -> ValidationReport:
    """Check `ds` against an IOD: `iod` (a view class, or an IOD's name or id), else its SOP class's."""
    sop_class = _value(ds[_SOP_CLASS_UID]) if _SOP_CLASS_UID in ds else None
    # a DICOMDIR (PS3.10 7.3) names its SOP class in the File Meta Information only
    from_meta = sop_class is None and _DIRECTORY in ds and _MEDIA_SOP_CLASS_UID in ds.file_meta
    if from_meta:
        sop_class = _value(ds.file_meta[_MEDIA_SOP_CLASS_UID])
    report = ValidationReport(str(sop_class).strip() if sop_class else None, None)
    checker = _Checker(report)
    if from_meta and report.sop_class_uid:
        checker.add("note", "sop-class", "MediaStorageSOPClassUID", _MEDIA_SOP_CLASS_UID, None,
                    "no SOP Class UID in the dataset: the File Meta Information's is used")  # fmt: skip
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # what the decoders would warn about is reported
        found = _resolve(iod, ds, report, checker)
        if found is not None:
            report.iod = found.iod_name
            checker.modules(found, ds)
        checker.values(ds)
    return report


def iter_modules(iod: type[IODView]) -> Iterator[tuple[ModuleUsage, list[Attribute[Any, Any]]]]:
    """Each module of an IOD with its top-level attributes (for tools and tests)."""
    for usage in iod.modules:
        yield usage, list(module_attributes(usage.module))

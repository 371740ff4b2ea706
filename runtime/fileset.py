"""pydicom's `fileset`: a DICOM File-set and its DICOMDIR (PS3.10 section 8, PS3.3 Annex F).

`FileSet(path_or_dicomdir)` loads a File-set: its DICOMDIR's directory records
become a tree of `RecordNode`s (PATIENT > STUDY > SERIES > IMAGE and the like,
or single-level records such as PALETTE), and each leaf that references a file
is a `FileInstance`. `find` and `find_values` search the records (or, with
`load=True`, the instances); `add`, `add_custom` and `remove` stage changes,
and `write` applies them: instances are laid out as pydicom lays them out
(`PT000000/ST000000/SE000000/IM000000`) and the DICOMDIR is written anew, its
record offsets computed from the bytes the writer produces. `copy` writes the
File-set elsewhere.

The DICOMDIR is written atomically; moved and copied instance files are not.
"""

from __future__ import annotations

import copy as _copy
import os
import re
import shutil
import uuid
import warnings
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

from dicodec.datadict import name_of, tag_for_keyword
from dicodec.dataset import Dataset, FileMetaDataset
from dicodec.element import DataElement
from dicodec.errors import DicomWarning, InvalidDicomError
from dicodec.filereader import dcmread, read_buffer
from dicodec.filewriter import dcmwrite, write_buffer
from dicodec.generated import uid_constants as sop
from dicodec.generated.uid_constants import (
    ExplicitVRLittleEndian,
    ImplicitVRLittleEndian,
    MediaStorageDirectoryStorage,
)
from dicodec.reader import read_items
from dicodec.sequence import Sequence
from dicodec.tag import Tag
from dicodec.values.uid import UID, generate_uid

__all__ = [
    "DIRECTORY_RECORDERS",
    "FileInstance",
    "FileSet",
    "RecordNode",
    "RootNode",
    "generate_filename",
    "is_conformant_file_id",
]

# PS3.10 8.2, 8.5: File ID components of upper-case letters, digits and "_"
_FILE_ID = re.compile("^[A-Z0-9_]*$")
# digits, then letters without J (as pydicom 3 numbers File IDs)
_DIGITS = "0123456789ABCDEFGHIKLMNOPQRSTUVWXYZ"
# The first characters of the File ID component of each record type (as pydicom names them)
_PREFIXES = {
    "PATIENT": "PT",
    "STUDY": "ST",
    "SERIES": "SE",
    "IMAGE": "IM",
    "RT DOSE": "RD",
    "RT STRUCTURE SET": "RS",
    "RT PLAN": "RP",
    "RT TREAT RECORD": "RX",
    "PRESENTATION": "PR",
    "WAVEFORM": "WV",
    "SR DOCUMENT": "SR",
    "KEY OBJECT DOC": "KY",
    "SPECTROSCOPY": "SP",
    "RAW DATA": "RW",
    "REGISTRATION": "RG",
    "FIDUCIAL": "FD",
    "HANGING PROTOCOL": "HG",
    "ENCAP DOC": "ED",
    "VALUE MAP": "VM",
    "STEREOMETRIC": "SX",
    "PALETTE": "PA",
    "IMPLANT": "IP",
    "IMPLANT ASSY": "IA",
    "IMPLANT GROUP": "IG",
    "PLAN": "PL",
    "MEASUREMENT": "MX",
    "SURFACE": "SF",
    "SURFACE SCAN": "SS",
    "TRACT": "TR",
    "ASSESSMENT": "AS",
    "RADIOTHERAPY": "RT",
    "PRIVATE": "P",
}
_FIRST_OFFSET = "OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity"
_NEXT_OFFSET = "OffsetOfTheNextDirectoryRecord"
_LOWER_OFFSET = "OffsetOfReferencedLowerLevelDirectoryEntity"
_LAST_OFFSET = "OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity"
_RECORD_SEQUENCE = int(Tag("DirectoryRecordSequence"))
_MAX_INSTANCES_NUMERIC = 10**6
_MAX_INSTANCES = 35**6


class FileSetWarning(DicomWarning):
    """Something about a File-set that was worked around or is worth knowing."""


def _warn(message: str) -> None:
    warnings.warn(message, FileSetWarning, stacklevel=3)


def _number(index: int, width: int, alphanumeric: bool) -> str:
    digits = _DIGITS if alphanumeric else _DIGITS[:10]
    text = ""
    while index:
        index, digit = divmod(index, len(digits))
        text = digits[digit] + text
    return text.rjust(width, "0")


def generate_filename(
    prefix: str = "", start: int = 0, alphanumeric: bool = False
) -> Iterator[str]:
    """File IDs of 8 characters: `prefix` and a number from `start` (0-9, or 0-9 A-Z without J)."""
    if len(prefix) > 7:
        raise ValueError("The 'prefix' must be less than 8 characters long")
    width = 8 - len(prefix)
    base = len(_DIGITS) if alphanumeric else 10
    for index in range(start, base**width):
        yield f"{prefix}{_number(index, width, alphanumeric)}"


def is_conformant_file_id(path: Path) -> bool:
    """True when `path` is a conformant File ID (PS3.3 F.3.2.2, PS3.10 8.2 and 8.5).

    At most 8 components of at most 8 characters, each of A-Z, 0-9 and "_".
    """
    parts = path.parts
    if len(parts) > 8 or any(len(part) > 8 for part in parts):
        return False
    return _FILE_ID.match("".join(parts)) is not None


# -- the record tree ----------------------------------------------------------------------------
class RecordNode(Iterable["RecordNode"]):
    """One directory record of a DICOMDIR, in the tree of its File-set.

    `children` are the records below it; `instance` is the `FileInstance` of a
    leaf that references a file.
    """

    def __init__(self, record: Dataset | None = None) -> None:
        self.children: list[RecordNode] = []
        self.instance: FileInstance | None = None
        self._parent: RecordNode | None = None
        self._record: Dataset = Dataset()
        if record is not None and len(record):
            self._set_record(record)
        # where the record's item starts in the DICOMDIR (set when read or written)
        self._offset = 0

    def add(self, leaf: RecordNode) -> None:
        """Put `leaf` and its ancestors into the tree, sharing the records already there."""
        node = leaf.root
        if node is self:
            node = node.children[0]
        current = self.root
        while node in current and node.children:
            current = current[node]
            node = node.children[0]
        node.parent = current

    @property
    def ancestors(self) -> list[RecordNode]:
        """The nodes above this one, nearest first (not the root)."""
        return [node for node in self.reverse() if node is not self]

    @property
    def component(self) -> str:
        """This node's component of a File ID: the record type's prefix and its index."""
        if self.is_root:
            raise ValueError("The root node doesn't contribute a File ID component")
        prefix = _PREFIXES[self.record_type]
        if self.record_type == "PRIVATE":
            prefix = f"{prefix}{self.depth}"
        alphanumeric = self.file_set._use_alphanumeric
        return f"{prefix}{_number(self.index, 8 - len(prefix), alphanumeric)}"

    def __contains__(self, key: object) -> bool:
        if isinstance(key, RecordNode):
            key = key.key
        return any(child.key == key for child in self.children)

    def __delitem__(self, key: str | RecordNode) -> None:
        """Remove a child; a node left without children is removed from its parent, and so on."""
        if isinstance(key, RecordNode):
            key = key.key
        if key not in self:
            raise KeyError(key)
        self.children = [child for child in self.children if child.key != key]
        if not self.children and not self.is_root:
            del self.parent[self]

    @property
    def depth(self) -> int:
        """How many levels below the root's children this node is (0 for those)."""
        return len(list(self.reverse())) - 1

    def file_id_path(self, root_path: Path) -> Path | None:
        """The Referenced File ID (0004,1500) as a path, or None when it is empty.

        A File ID that points outside the File-set's root raises PermissionError.
        """
        if "ReferencedFileID" not in self._record:
            raise AttributeError("No 'Referenced File ID' in the directory record")
        value = self._record.ReferencedFileID
        parts = [value] if isinstance(value, str) else list(value or [])
        if not parts or parts == [""]:
            return None
        path = Path(*parts)
        root = Path(root_path)
        if path.anchor or not (root / path).resolve().is_relative_to(root.resolve()):
            raise PermissionError(
                f"ReferencedFileID ('{path}') must be inside the DICOMDIR root path"
            )
        return path

    @property
    def file_set(self) -> FileSet:
        return self.root.file_set

    def __getitem__(self, key: str | RecordNode) -> RecordNode:
        """The child with `key` (see `RecordNode.key`)."""
        if isinstance(key, RecordNode):
            key = key.key
        for child in self.children:
            if child.key == key:
                return child
        raise KeyError(key)

    @property
    def has_instance(self) -> bool:
        return self.instance is not None

    @property
    def index(self) -> int:
        """This node's position among its siblings."""
        if self._parent is None:
            return 0
        return next(n for n, child in enumerate(self._parent.children) if child is self)

    @property
    def is_root(self) -> bool:
        return False

    def __iter__(self) -> Iterator[RecordNode]:
        """This node (unless it is the root) and every node below it, depth first."""
        if not self.is_root:
            yield self
        for child in self.children:
            yield from child

    @property
    def key(self) -> str:
        """What makes the record unique among its siblings (PS3.3 F.5)."""
        record, record_type = self._record, self.record_type
        if record_type == "PATIENT":  # F.5.1: a Patient ID is unique in a File-set
            return str(record.PatientID)
        if record_type == "STUDY":  # F.5.2: Study Instance UID is Type 1C
            if "StudyInstanceUID" in record:
                return str(record.StudyInstanceUID)
            return str(record.ReferencedSOPInstanceUIDInFile)
        if record_type == "SERIES":
            return str(record.SeriesInstanceUID)
        if record_type == "PRIVATE":
            return str(record.PrivateRecordUID)
        try:  # PS3.3 Table F.3-3: required when the record references an instance
            return str(record.ReferencedSOPInstanceUIDInFile)
        except AttributeError as exc:
            raise AttributeError(
                f"Invalid '{record_type}' record - missing required element "
                "'Referenced SOP Instance UID in File'"
            ) from exc

    @property
    def next(self) -> RecordNode | None:
        """The next sibling, or None."""
        if self._parent is None:
            return None
        siblings = self._parent.children
        index = self.index + 1
        return siblings[index] if index < len(siblings) else None

    @property
    def parent(self) -> RecordNode:
        if self._parent is None:
            raise AttributeError("the node has no parent")
        return self._parent

    @parent.setter
    def parent(self, node: RecordNode) -> None:
        self._parent = node
        if node is not None and not any(child is self for child in node.children):
            node.children.append(self)

    def prettify(self, indent_char: str = "  ") -> list[str]:
        """The tree from this node as lines of text, leaves summarised per record type."""
        lines: list[str] = []
        for node in self:
            indent = indent_char * node.depth
            if node.children:
                lines.append(f"{indent}{node}")
                leaf = next((child for child in node.children if child.has_instance), None)
                if leaf is not None:
                    lines.extend(_leaf_summary(node, indent_char * leaf.depth))
            elif node.depth == 0 and node.instance is not None:
                line = f"{indent}{node.record_type}: 1 SOP Instance"
                if node.instance.for_addition:
                    line += " (to be added)"
                elif node.instance.for_removal:
                    line += " (to be removed)"
                lines.append(line)
        return lines

    @property
    def previous(self) -> RecordNode | None:
        """The previous sibling, or None."""
        if self._parent is None or self.index == 0:
            return None
        return self._parent.children[self.index - 1]

    def _set_record(self, ds: Dataset) -> None:
        """Make `ds` this node's directory record (PS3.3 F.3.2.2), with its offsets and flag."""
        record_type = ds.get("DirectoryRecordType")
        offset = ds.__dict__.get("seq_item_tell")
        what = f"The {f'{record_type} ' if record_type else ''}directory record"
        if offset:
            what += f" at offset {offset}"
        if "DirectoryRecordType" not in ds:
            raise ValueError(
                f"{what} is missing one or more required elements: DirectoryRecordType"
            )
        if _NEXT_OFFSET not in ds:
            ds.OffsetOfTheNextDirectoryRecord = 0
        if _LOWER_OFFSET not in ds:
            ds.OffsetOfReferencedLowerLevelDirectoryEntity = 0
        ds.RecordInUseFlag = 0xFFFF
        self._record = ds
        try:
            self.key  # noqa: B018 - the record must have its key
        except (AttributeError, ValueError) as exc:
            raise ValueError(f"{what} is missing a required element") from exc

    @property
    def record_type(self) -> str:
        """The Directory Record Type (0004,1430): "PATIENT", "IMAGE", ..."""
        return str(self._record.DirectoryRecordType)

    def remove(self, node: RecordNode) -> None:
        """Remove the leaf `node` (and the records left empty above it)."""
        if not node.has_instance:
            raise ValueError("Only leaf nodes can be removed")
        del node.parent[node]

    def reverse(self) -> Iterator[RecordNode]:
        """This node and its ancestors up to (not including) the root."""
        node = self
        while node._parent is not None:
            yield node
            node = node._parent
        if not node.is_root:
            yield node

    @property
    def root(self) -> RecordNode:
        node = self
        while node._parent is not None:
            node = node._parent
        return node

    def __str__(self) -> str:
        if self.is_root:
            return "ROOT"
        ds, record_type = self._record, self.record_type
        parts: list[str] = []
        if record_type == "PATIENT":
            parts += [f"PatientID='{ds.PatientID}'", f"PatientName='{ds.PatientName}'"]
        elif record_type == "STUDY":
            parts += [f"StudyDate={ds.StudyDate}", f"StudyTime={ds.StudyTime}"]
            if ds.get("StudyDescription"):
                parts.append(f"StudyDescription='{ds.StudyDescription}'")
        elif record_type == "SERIES":
            parts += [f"Modality={ds.Modality}", f"SeriesNumber={ds.SeriesNumber}"]
            if ds.get("SeriesDescription"):
                parts.append(f"SeriesDescription='{ds.SeriesDescription}'")
        elif record_type == "IMAGE":
            parts.append(f"InstanceNumber={ds.InstanceNumber}")
        else:
            parts.append(self.key)
        return f"{record_type}: {', '.join(parts)}"

    def _update_record_offsets(self) -> None:
        """Point the record at its next sibling and first child (their `_offset`s)."""
        following = self.next
        self._record.OffsetOfTheNextDirectoryRecord = following._offset if following else 0
        first = self.children[0]._offset if self.children else 0
        self._record.OffsetOfReferencedLowerLevelDirectoryEntity = first


def _leaf_summary(node: RecordNode, indent: str) -> list[str]:
    """'IMAGE: 15 SOP Instances (10 initial, 9 additions, 4 removals)' for the leaves of `node`.

    Every leaf below `node` counts, as in pydicom's summary.
    """
    leaves = [leaf for leaf in node if leaf.instance is not None]
    lines = []
    for record_type in sorted({leaf.record_type for leaf in leaves}):
        these = [leaf.instance for leaf in leaves if leaf.record_type == record_type]
        added = sum(1 for i in these if i is not None and i.for_addition)
        removed = sum(1 for i in these if i is not None and i.for_removal)
        initial, result = len(these) - added, len(these) - removed
        changes = []
        if (added or removed) and initial > 0:
            changes.append(f"{initial} initial")
        if added:
            changes.append(f"{added} addition{'s' if added > 1 else ''}")
        if removed:
            changes.append(f"{removed} removal{'s' if removed > 1 else ''}")
        line = f"{indent}{record_type}: {result} SOP Instance{'' if result == 1 else 's'}"
        if changes:
            line += f" ({', '.join(changes)})"
        lines.append(line)
    return lines


class RootNode(RecordNode):
    """The root of a File-set's record tree: no record of its own."""

    def __init__(self, fs: FileSet) -> None:
        super().__init__()
        self._fs = fs

    @property
    def file_set(self) -> FileSet:
        return self._fs

    @property
    def is_root(self) -> bool:
        return True


# -- instances ----------------------------------------------------------------------------------
# Keywords a FileInstance answers from the records' "Referenced ... in File" elements
_INSTANCE_TAGS = {
    int(Tag(keyword)): int(Tag(f"Referenced{keyword}InFile"))
    for keyword in ("SOPInstanceUID", "SOPClassUID", "TransferSyntaxUID")
}


class FileInstance:
    """A file of the File-set, known by the leaf record that references it.

    `instance.PatientID` (any keyword) is the value in the nearest of its
    records that has it, from the leaf up; `instance.load()` reads the file.
    """

    def __init__(self, node: RecordNode) -> None:
        self._uuid = uuid.uuid4()
        self._add = False
        self._remove = False
        self._stage_path: Path | None = None
        self.node = node

    def _apply_stage(self, flag: str) -> None:
        """Stage for addition ("+"), for removal ("-"), or clear ("x"); + then - is no change."""
        if flag == "x":
            self._add = self._remove = False
            self._stage_path = None
        elif flag == "+":
            if self._remove:
                self._remove = False
                self._stage_path = None
            else:
                self._add = True
                self._stage_path = self.file_set._stage_path / f"{self._uuid}"
        elif flag == "-":
            if self._add:
                self._add = False
            else:
                self._remove = True
            self._stage_path = None

    def __contains__(self, name: str | int) -> bool:
        try:
            self[name]
        except KeyError:
            return False
        return True

    @property
    def FileID(self) -> str:
        """The File ID the instance has in pydicom's layout (PTxxxxxx/STxxxxxx/...)."""
        components = [node.component for node in self.node.reverse()]
        return os.fspath(Path(*components[::-1]))

    @property
    def file_set(self) -> FileSet:
        return self.node.file_set

    @property
    def for_addition(self) -> bool:
        return self._add

    @property
    def for_moving(self) -> bool:
        """True when writing will move the file to its File ID in pydicom's layout."""
        if self.for_addition:
            return False
        value = self["ReferencedFileID"].value
        current = [value] if isinstance(value, str) else list(value or [])
        return current != self.FileID.split(os.path.sep)

    @property
    def for_removal(self) -> bool:
        return self._remove

    def __getattr__(self, name: str) -> Any:
        tag = tag_for_keyword(name)
        if tag is not None and not name.startswith("_"):
            for node in self.node.reverse():
                if tag in node._record:
                    return node._record[tag].value
        raise AttributeError(f"'{type(self).__name__}' object has no attribute '{name}'")

    def __getitem__(self, key: str | int) -> DataElement:
        """The element with keyword or tag `key` in the nearest record that has it."""
        tag = int(Tag(key))
        tag = _INSTANCE_TAGS.get(tag, tag)
        for node in self.node.reverse():
            if tag in node._record:
                return node._record[tag]
        raise KeyError(Tag(tag))

    @property
    def is_private(self) -> bool:
        return self.node.record_type == "PRIVATE"

    @property
    def is_staged(self) -> bool:
        return self.for_addition or self.for_moving or self.for_removal

    def load(self) -> Dataset:
        """The instance, read from its file (or from the stage, when staged for addition)."""
        return dcmread(self.path)

    @property
    def path(self) -> str:
        """The absolute path of the file (in the stage, when staged for addition)."""
        if self.for_addition:
            assert self._stage_path is not None
            return os.fspath(self._stage_path)
        root = self.file_set.root_path
        file_id = self.node.file_id_path(root)
        if file_id is None:
            raise ValueError("The instance's Referenced File ID is empty")
        return os.fspath(root / file_id)

    @property
    def SOPClassUID(self) -> UID:
        return UID(self.ReferencedSOPClassUIDInFile)

    @property
    def SOPInstanceUID(self) -> UID:
        return UID(self.ReferencedSOPInstanceUIDInFile)

    @property
    def TransferSyntaxUID(self) -> UID:
        return UID(self.ReferencedTransferSyntaxUIDInFile)


DSPathType = Dataset | str | os.PathLike[str]


# -- the File-set -------------------------------------------------------------------------------
class FileSet:
    """A DICOM File-set: its DICOMDIR's records, its instances, and the changes staged to them."""

    def __init__(self, ds: DSPathType | None = None) -> None:
        self._root_path: Path | None = None
        self._tree = RootNode(self)
        self._temporary = TemporaryDirectory(prefix="dicodec-fileset-")
        self._stage_path = Path(self._temporary.name)
        self._added: dict[str, FileInstance] = {}
        self._removed: dict[str, FileInstance] = {}
        self._moving = False  # instances whose File IDs change
        self._changed = False  # a File-set Identification element changed
        self._ds: Dataset | None = None  # the DICOMDIR, not kept up to date
        self._instances: list[FileInstance] = []
        self._use_alphanumeric = False
        self._id: str | None = None
        self._uid: UID | None = None
        self._descriptor: str | list[str] | None = None
        self._charset: str | None = None
        if ds is not None and (not isinstance(ds, Dataset) or len(ds)):
            self.load(ds)
        else:
            self.UID = generate_uid()

    # -- staging -------------------------------------------------------------------------------
    def add(self, ds_or_path: DSPathType) -> FileInstance:
        """Stage an instance for addition, with records made by `DIRECTORY_RECORDERS`.

        Adding an instance staged for removal keeps it instead; adding one already
        there returns it.
        """
        ds = ds_or_path if isinstance(ds_or_path, Dataset) else dcmread(ds_or_path)
        existing = self._existing(ds)
        if existing is not None:
            return existing
        records = list(self._recordify(ds))
        node = RecordNode(records[0])
        for record in records[1:]:
            child = RecordNode(record)
            child.parent = node
            node = child
        return self._stage_new(ds, node)

    def add_custom(self, ds_or_path: DSPathType, leaf: RecordNode) -> FileInstance:
        """Stage an instance for addition with the records of `leaf` and its ancestors.

        Needed for PRIVATE records. The leaf gets the Referenced File ID, SOP Class,
        SOP Instance and Transfer Syntax elements; at most 7 ancestors (8 File ID levels).
        """
        ds = ds_or_path if isinstance(ds_or_path, Dataset) else dcmread(ds_or_path)
        if leaf.depth > 7:
            raise ValueError(
                "The 'leaf' node must not have more than 7 ancestors as 'FileSet' supports "
                "a maximum directory structure depth of 8"
            )
        existing = self._existing(ds)
        if existing is not None:
            return existing
        _reference(leaf._record, ds)
        return self._stage_new(ds, leaf)

    def _existing(self, ds: Dataset) -> FileInstance | None:
        """The instance of `ds` if the File-set has it (unstaging a removal), else None."""
        key = str(ds.SOPInstanceUID)
        if key in self._removed:
            instance = self._removed.pop(key)
            self._instances.append(instance)
            instance._apply_stage("+")
            return instance
        return next((i for i in self if i.SOPInstanceUID == key), None)

    def _stage_new(self, ds: Dataset, leaf: RecordNode) -> FileInstance:
        instance = FileInstance(leaf)
        leaf.instance = instance
        self._tree.add(leaf)
        self._added[str(instance.SOPInstanceUID)] = instance
        self._instances.append(instance)
        instance._apply_stage("+")
        ds.save_as(instance.path, enforce_file_format=True)
        return instance

    def remove(self, instance: FileInstance | list[FileInstance]) -> None:
        """Stage instances for removal; an instance staged for addition is simply not added."""
        if isinstance(instance, list):
            for one in instance:
                self.remove(one)
            return
        if not any(instance is i for i in self._instances):
            raise ValueError("No such instance in the File-set")
        key = str(instance.SOPInstanceUID)
        if key in self._added:
            path = Path(instance.path)
            del instance.node.parent[instance.node]
            del self._added[key]
            path.unlink(missing_ok=True)
            instance._apply_stage("-")
            self._instances.remove(instance)
        elif key not in self._removed:
            instance._apply_stage("-")
            self._removed[key] = instance
            self._instances.remove(instance)

    def clear(self) -> None:
        """Make this an empty, new File-set."""
        self._tree.children = []
        self._instances = []
        self._root_path = None
        self._ds = None
        self._id = None
        self._uid = generate_uid()
        self._descriptor = None
        self._charset = None
        self._added, self._removed = {}, {}
        self._moving = self._changed = False
        self._temporary.cleanup()
        self._temporary = TemporaryDirectory(prefix="dicodec-fileset-")
        self._stage_path = Path(self._temporary.name)

    @property
    def is_staged(self) -> bool:
        """True when the File-set is new or has changes to write."""
        return bool(self._added or self._removed or self._moving or self._changed)

    # -- File-set Identification (PS3.3 F.5.1) -------------------------------------------------
    @property
    def ID(self) -> str | None:
        """The File-set ID (0004,1130), at most 16 characters."""
        return self._id

    @ID.setter
    def ID(self, value: str | None) -> None:
        if value == self._id:
            return
        if value is not None and len(value) > 16:
            raise ValueError("The maximum length of the 'File-set ID' is 16 characters")
        self._id = value
        if self._ds is not None:
            self._ds.FileSetID = value
        self._changed = True

    @property
    def UID(self) -> UID:
        """The File-set UID: the DICOMDIR's Media Storage SOP Instance UID."""
        assert self._uid is not None
        return self._uid

    @UID.setter
    def UID(self, uid: str) -> None:
        if uid == self._uid:
            return
        uid = UID(uid)
        if not uid.is_valid:
            raise ValueError(f"{uid!r} is not a valid UID")
        self._uid = uid
        if self._ds is not None:
            self._ds.file_meta.MediaStorageSOPInstanceUID = uid
        self._changed = True

    @property
    def descriptor_file_id(self) -> str | list[str] | None:
        """The File-set Descriptor File ID (0004,1141): a README-like file's File ID."""
        return self._descriptor

    @descriptor_file_id.setter
    def descriptor_file_id(self, value: str | list[str] | None) -> None:
        if value == self._descriptor:
            return
        if isinstance(value, list):
            if len(value) > 8 or any(not isinstance(p, str) or len(p) > 16 for p in value):
                raise ValueError(
                    "The 'File-set Descriptor File ID' has a maximum of 8 components, each "
                    "between 0 and 16 characters long"
                )
            value = list(Path(*value).parts)
        elif isinstance(value, str):
            if len(value) > 16:
                raise ValueError(
                    "Each 'File-set Descriptor File ID' component has a maximum length of "
                    "16 characters"
                )
        elif value is not None:
            raise TypeError("The 'DescriptorFileID' must be a str, list of str, or None")
        self._descriptor = value
        if self._ds is not None:
            self._ds.FileSetDescriptorFileID = value
        self._changed = True

    @property
    def descriptor_character_set(self) -> str | None:
        """The Specific Character Set of File-set Descriptor File (0004,1142)."""
        return self._charset

    @descriptor_character_set.setter
    def descriptor_character_set(self, value: str | None) -> None:
        if value == self._charset:
            return
        self._charset = value
        if self._ds is not None:
            self._ds.SpecificCharacterSetOfFileSetDescriptorFile = value
        self._changed = True

    # -- where it is ---------------------------------------------------------------------------
    @property
    def path(self) -> str | None:
        """The absolute path of the root directory, or None for a new File-set."""
        return os.fspath(self._root_path) if self._root_path is not None else None

    @property
    def root_path(self) -> Path:
        if self._root_path is None:
            raise AttributeError("No root path set in the File-set")
        return self._root_path

    def __iter__(self) -> Iterator[FileInstance]:
        yield from list(self._instances)

    def __len__(self) -> int:
        return len(self._instances)

    # -- searching -------------------------------------------------------------------------------
    def find(self, load: bool = False, **kwargs: Any) -> list[FileInstance]:
        """The instances whose elements equal every `keyword=value` given.

        Searches the directory records, or with `load` the instances themselves.
        """
        if not kwargs:
            return list(self._instances)
        found_all = False
        matches = []
        for instance in self:
            source: Any = instance.load() if load else instance
            if all(keyword in source for keyword in kwargs):
                found_all = True
            if all(_value_is(source, keyword, value) for keyword, value in kwargs.items()):
                matches.append(instance)
        if not load and not found_all:
            _warn(
                "None of the records in the DICOMDIR dataset contain all the query elements, "
                "consider using the 'load' parameter to expand the search to the "
                "corresponding SOP instances"
            )
        return matches

    def find_values(
        self,
        elements: str | int | list[str | int],
        instances: list[FileInstance] | None = None,
        load: bool = False,
    ) -> list[Any] | dict[str | int, list[Any]]:
        """The distinct values of an element (a list), or of several (a dict of lists)."""
        wanted = elements if isinstance(elements, list) else [elements]
        found = {element: False for element in wanted}
        results: dict[str | int, list[Any]] = {element: [] for element in wanted}
        for instance in instances or list(self):
            source: Any = instance.load() if load else instance
            for element in wanted:
                if element not in source:
                    continue
                found[element] = True
                value = source[element].value
                if value not in results[element]:
                    results[element].append(value)
        missing = [element for element, present in found.items() if not present]
        if not load and missing:
            _warn(
                f"None of the records in the DICOMDIR dataset contain {missing}, consider "
                "using the 'load' parameter to expand the search to the corresponding SOP "
                "instances"
            )
        return results if isinstance(elements, list) else results[wanted[0]]

    # -- reading -----------------------------------------------------------------------------------
    def load(
        self, ds_or_path: DSPathType, include_orphans: bool = True, raise_orphans: bool = False
    ) -> None:
        """Load an existing File-set from its DICOMDIR (a dataset read from a file, or a path).

        Instances not in pydicom's layout are staged to be moved there on `write`.
        """
        ds = ds_or_path if isinstance(ds_or_path, Dataset) else dcmread(ds_or_path)
        if ds.file_meta.get("MediaStorageSOPClassUID") != MediaStorageDirectoryStorage:
            raise ValueError(
                "Unable to load the File-set as the supplied dataset is not a 'Media Storage "
                "Directory' instance"
            )
        syntax = ds.file_meta.get("TransferSyntaxUID")
        if syntax != ExplicitVRLittleEndian:
            name = UID(syntax).name if syntax else "(none)"
            _warn(
                f"The DICOMDIR dataset uses an invalid transfer syntax '{name}' and will be "
                "updated to use 'Explicit VR Little Endian'"
            )
        filename = getattr(ds, "filename", None)
        if filename is None:
            raise TypeError(
                "Unable to load the File-set as the DICOMDIR dataset must have a 'filename' "
                "attribute set to the path of the DICOMDIR file"
            )
        try:
            path = Path(filename).resolve(strict=True)
        except FileNotFoundError:
            raise FileNotFoundError(
                "Unable to load the File-set as the 'filename' attribute for the DICOMDIR "
                f"dataset is not a valid path: {filename}"
            ) from None
        self.clear()
        self._id = ds.get("FileSetID")
        uid = ds.file_meta.get("MediaStorageSOPInstanceUID")
        if not uid:
            uid = generate_uid()
            ds.file_meta.MediaStorageSOPInstanceUID = uid
        self._uid = UID(uid)
        self._descriptor = ds.get("FileSetDescriptorFileID")
        self._charset = ds.get("SpecificCharacterSetOfFileSetDescriptorFile")
        self._root_path = path.parent
        self._ds = ds
        self._parse_records(ds, include_orphans, raise_orphans)
        missing = []
        for instance in self:
            file_id = instance.node.file_id_path(self.root_path)
            assert file_id is not None
            if not (self.root_path / file_id).exists():
                missing.append(instance)
                _warn(
                    "The referenced SOP Instance for the directory record at offset "
                    f"{instance.node._offset} does not exist: {self.root_path / file_id}"
                )
            elif instance.for_moving:
                self._moving = True
        for instance in missing:
            self._instances.remove(instance)

    def _parse_records(self, ds: Dataset, include_orphans: bool, raise_orphans: bool) -> None:
        """Build the record tree from the offsets that link the records (PS3.3 F.3.2.1)."""
        records: dict[int, RecordNode] = {}
        for offset, record in _records_by_offset(ds):
            record.__dict__["seq_item_tell"] = offset
            node = RecordNode(record)
            node._offset = offset
            records[offset] = node
        placed: set[int] = set()

        def chain(offset: int, parent: RecordNode) -> None:
            """The record at `offset` and its next siblings, under `parent`."""
            while offset:
                if offset not in records:
                    raise InvalidDicomError(
                        f"a directory record offset ({offset}) is not the start of a record",
                        tag=_RECORD_SEQUENCE,
                    )
                if offset in placed:
                    raise InvalidDicomError(
                        f"the directory records loop back to the record at offset {offset}",
                        tag=_RECORD_SEQUENCE,
                    )
                placed.add(offset)
                node = records[offset]
                node.parent = parent
                offset = node._record.get(_NEXT_OFFSET) or 0

        if records:
            chain(ds.get(_FIRST_OFFSET) or 0, self._tree)
        # depth first, as pydicom walks them: children linked, childless leaves without a
        # file dropped, instances attached in that order
        stack = list(reversed(self._tree.children))
        while stack:
            node = stack.pop()
            record = node._record
            lower = record.get(_LOWER_OFFSET) or 0
            if lower:
                chain(lower, node)
            elif "ReferencedFileID" not in record:
                del node.parent[node]
            if "ReferencedFileID" in record and node.file_id_path(self.root_path) is not None:
                node.instance = FileInstance(node)
                self._instances.append(node.instance)
            stack.extend(reversed(node.children))
        if len(records) == len(list(self._tree)):
            return
        if raise_orphans:
            raise ValueError("The DICOMDIR contains orphaned directory records")
        orphans = [
            records[offset]
            for offset in sorted(set(records) - {node._offset for node in self._tree})
            if "ReferencedFileID" in records[offset]._record
        ]
        if orphans and not include_orphans:
            _warn(
                f"The DICOMDIR has {len(orphans)} orphaned directory records that reference "
                "an instance that will not be included in the File-set"
            )
            return
        for node in orphans:
            original = node._record.ReferencedFileID
            file_id = node.file_id_path(self.root_path)
            if file_id is None:
                continue
            if node.record_type == "PRIVATE":
                instance = self.add_custom(self.root_path / file_id, node)
            else:
                instance = self.add(self.root_path / file_id)
            instance.node._record.ReferencedFileID = original

    # -- records of new instances (PS3.3 F.5) ----------------------------------------------------
    def _recordify(self, ds: Dataset) -> Iterator[Dataset]:
        """The directory records of an instance, from the top level down to its leaf."""
        record_type = _single_level_record_type(ds)
        if record_type != "PATIENT":
            record = _record(record_type, ds)
            _reference(record, ds)
            yield record
            return
        records = [
            _record(level, ds)
            for level in ("PATIENT", "STUDY", "SERIES", _four_level_record_type(ds))
        ]
        if "SpecificCharacterSet" in ds:
            for record in records:
                record.SpecificCharacterSet = _copy.deepcopy(ds.SpecificCharacterSet)
        _reference(records[-1], ds)
        yield from records

    # -- writing -------------------------------------------------------------------------------
    def write(
        self,
        path: str | os.PathLike[str] | None = None,
        use_existing: bool = False,
        force_implicit: bool = False,
    ) -> None:
        """Write the File-set (a new one to `path`), or the changes staged to it.

        Instances are moved to pydicom's layout unless `use_existing` (only possible
        when nothing was added); `force_implicit` writes the DICOMDIR in Implicit VR
        Little Endian, which PS3.10 does not allow.
        """
        if not path and self._root_path is None:
            raise ValueError("The path to the root directory is required for a new File-set")
        if path and self._root_path is not None:
            raise ValueError(
                "The path for an existing File-set cannot be changed, use 'FileSet.copy()' to "
                "write the File-set to a new location"
            )
        if path:
            self._root_path = Path(path)
        if not self.is_staged:
            return
        root = self.root_path
        dicomdir = root / "DICOMDIR"
        major_change = bool(self._added)
        if use_existing and major_change:
            raise ValueError(
                "'Fileset.write()' called with 'use_existing' but additions to the File-set's "
                "managed instances are staged"
            )
        if not use_existing:
            major_change |= self._moving
        self._check_size()
        for instance in self._removed.values():
            Path(instance.path).unlink(missing_ok=True)
            self._tree.remove(instance.node)
        if use_existing and not major_change:
            self._write_dicomdir(dicomdir, force_implicit=force_implicit)
            self.load(dicomdir, raise_orphans=True)
            return
        # an instance whose new File ID is another's current one goes to the stage first
        new_ids = {Path(i.FileID) for i in self}
        old_ids = {
            i.node.file_id_path(root) for i in self if str(i.SOPInstanceUID) not in self._added
        }
        for instance in self:
            current = instance.node.file_id_path(root)
            if str(instance.SOPInstanceUID) not in self._added and current in new_ids & old_ids:
                self._added[str(instance.SOPInstanceUID)] = instance
                instance._apply_stage("+")
                assert current is not None
                shutil.copyfile(root / current, instance.path)
        for instance in self:
            target = root / instance.FileID
            target.parent.mkdir(parents=True, exist_ok=True)
            if str(instance.SOPInstanceUID) in self._added:
                shutil.copyfile(instance.path, target)
            else:
                current = instance.node.file_id_path(root)
                assert current is not None
                shutil.move(os.fspath(root / current), os.fspath(target))
            instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)
        self._write_dicomdir(dicomdir, force_implicit=force_implicit)
        self.load(dicomdir, raise_orphans=True)

    def copy(self, path: str | os.PathLike[str], force_implicit: bool = False) -> FileSet:
        """Write the File-set, staged changes applied, to a new root `path`; return the copy.

        This File-set is left as it was, changes still staged.
        """
        target = Path(path)
        if self.path and Path(self.path) == target:
            raise ValueError("Cannot copy the File-set as the 'path' is unchanged")
        self._check_size()
        detached = [instance.node for instance in self._removed.values()]
        for node in detached:
            self._tree.remove(node)
        originals = []
        try:
            for instance in self:
                originals.append(instance.node._record.get("ReferencedFileID"))
                destination = target / instance.FileID
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(instance.path, destination)
                instance.node._record.ReferencedFileID = instance.FileID.split(os.path.sep)
            self._write_dicomdir(target / "DICOMDIR", copy_safe=True, force_implicit=force_implicit)
        finally:
            for instance, original in zip(self, originals, strict=False):
                instance.node._record.ReferencedFileID = original
            for node in detached:
                self._tree.add(node)
        fs = FileSet()
        fs.load(target / "DICOMDIR", raise_orphans=True)
        return fs

    def _check_size(self) -> None:
        if len(self) > _MAX_INSTANCES_NUMERIC:
            self._use_alphanumeric = True
        if len(self) > _MAX_INSTANCES:
            raise NotImplementedError(
                f"File-sets of more than {_MAX_INSTANCES} instances cannot be written "
                "(8-character File ID components)"
            )

    def _create_dicomdir(self) -> Dataset:
        """A new DICOMDIR dataset for this File-set, without records (PS3.3 F.5.1)."""
        ds = Dataset()
        ds.file_meta = FileMetaDataset()
        ds.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
        ds.file_meta.MediaStorageSOPInstanceUID = self.UID
        ds.file_meta.MediaStorageSOPClassUID = MediaStorageDirectoryStorage
        ds.FileSetID = self.ID
        ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.FileSetConsistencyFlag = 0
        ds.DirectoryRecordSequence = []
        if self.descriptor_file_id:
            ds.FileSetDescriptorFileID = self.descriptor_file_id
        if self.descriptor_character_set:
            ds.SpecificCharacterSetOfFileSetDescriptorFile = self.descriptor_character_set
        return ds

    def _write_dicomdir(
        self, path: Path, copy_safe: bool = False, force_implicit: bool = False
    ) -> None:
        """Write the DICOMDIR, its records in tree order, linked by their offsets.

        The records are encoded once to learn where each item starts (the writer's
        own bytes, read back by the parser), then again with the offsets filled in:
        an offset is a UL, so the lengths do not change.
        """
        ds = self._ds
        if copy_safe or ds is None or not len(ds):
            ds = self._create_dicomdir()
        ds.file_meta.TransferSyntaxUID = (
            ImplicitVRLittleEndian if force_implicit else ExplicitVRLittleEndian
        )
        nodes = list(self._tree)
        records = [_copy.deepcopy(node._record) if copy_safe else node._record for node in nodes]
        for record in records:
            record.OffsetOfTheNextDirectoryRecord = 0
            record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
        ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = 0
        ds.DirectoryRecordSequence = Sequence(records)
        draft = write_buffer(
            ds, implicit_vr=force_implicit, little_endian=True, enforce_file_format=True
        )
        offsets = [offset for offset, _ in _records_by_offset(read_buffer(draft))]
        assert len(offsets) == len(nodes)
        for node, offset in zip(nodes, offsets, strict=True):
            node._offset = offset
        for node, record in zip(nodes, records, strict=True):
            following = node.next
            record.OffsetOfTheNextDirectoryRecord = following._offset if following else 0
            first = node.children[0]._offset if node.children else 0
            record.OffsetOfReferencedLowerLevelDirectoryEntity = first
        if self._tree.children:
            ds.OffsetOfTheFirstDirectoryRecordOfTheRootDirectoryEntity = self._tree.children[
                0
            ]._offset
            ds.OffsetOfTheLastDirectoryRecordOfTheRootDirectoryEntity = self._tree.children[
                -1
            ]._offset
        dcmwrite(path, ds, implicit_vr=force_implicit, little_endian=True, enforce_file_format=True)

    def __str__(self) -> str:
        lines = [
            "DICOM File-set",
            f"  Root directory: {self.path or '(no value available)'}",
            f"  File-set ID: {self.ID or '(no value available)'}",
            f"  File-set UID: {self.UID}",
            f"  Descriptor file ID: {self.descriptor_file_id or '(no value available)'}",
            "  Descriptor file character set: "
            f"{self.descriptor_character_set or '(no value available)'}",
        ]
        if self.is_staged:
            changes = [
                "DICOMDIR creation" if self._ds is None or not len(self._ds) else "DICOMDIR update"
            ]
            if self._moving:
                changes.append("directory structure update")
            if self._added:
                changes.append(f"{len(self._added)} addition{'s' if len(self._added) > 1 else ''}")
            if self._removed:
                count = len(self._removed)
                changes.append(f"{count} removal{'s' if count > 1 else ''}")
            lines.append(f"  Changes staged for write(): {', '.join(changes)}")
        if not self._tree.children:
            return "\n".join(lines)
        lines.append("\n  Managed instances:")
        lines.extend(f"    {line}" for line in self._tree.prettify())
        return "\n".join(lines)


def _records_by_offset(ds: Dataset) -> list[tuple[int, Dataset]]:
    """(offset of its item in the file, record) of each Directory Record Sequence item."""
    if _RECORD_SEQUENCE not in ds:
        return []
    element = ds[_RECORD_SEQUENCE]
    raw = element._raw
    if raw is None:
        raise ValueError(
            "the Directory Record Sequence was changed since it was read: the records' "
            "offsets in the file are no longer known"
        )
    starts = [start for _, start, _, _ in read_items(raw)]
    items = list(element.value)
    if len(starts) != len(items):  # pragma: no cover - both come from the same bytes
        raise InvalidDicomError("the directory records could not be located", tag=_RECORD_SEQUENCE)
    return list(zip(starts, items, strict=True))


def _value_is(source: Any, keyword: str, value: Any) -> bool:
    try:
        return bool(source[keyword].value == value)
    except KeyError:
        return False


def _reference(record: Dataset, ds: Dataset) -> None:
    """The elements of a leaf record that reference its instance's file (PS3.3 F.3.2.2)."""
    record.ReferencedFileID = None
    record.ReferencedSOPClassUIDInFile = ds.SOPClassUID
    record.ReferencedSOPInstanceUIDInFile = ds.SOPInstanceUID
    record.ReferencedTransferSyntaxUIDInFile = ds.file_meta.TransferSyntaxUID


# -- directory records of each type (PS3.3 F.5) ---------------------------------------------------
# The keys a record takes from its instance: "1" must be there with a value, "1C" is
# copied when there (then with a value), "2" is copied, or left empty when absent.
# Type 1 keys are checked in the order listed (as pydicom checks them).
_RECORD_KEYS: dict[str, tuple[tuple[str, str], ...]] = {
    "PATIENT": (("PatientID", "1"), ("PatientName", "2")),
    "STUDY": (
        ("StudyDate", "1"),
        ("StudyTime", "1"),
        ("StudyID", "1"),
        ("StudyInstanceUID", "1C"),
        ("StudyDescription", "2"),
        ("AccessionNumber", "2"),
    ),
    "SERIES": (("Modality", "1"), ("SeriesInstanceUID", "1"), ("SeriesNumber", "1")),
    "IMAGE": (("InstanceNumber", "1"),),
    "RT DOSE": (("InstanceNumber", "1"), ("DoseSummationType", "1")),
    "RT STRUCTURE SET": (
        ("InstanceNumber", "1"),
        ("StructureSetLabel", "1"),
        ("StructureSetDate", "2"),
        ("StructureSetTime", "2"),
    ),
    "RT PLAN": (
        ("InstanceNumber", "1"),
        ("RTPlanLabel", "1"),
        ("RTPlanDate", "2"),
        ("RTPlanTime", "2"),
    ),
    "RT TREAT RECORD": (("InstanceNumber", "1"), ("TreatmentDate", "2"), ("TreatmentTime", "2")),
    "PRESENTATION": (
        ("PresentationCreationDate", "1"),
        ("PresentationCreationTime", "1"),
        ("InstanceNumber", "1"),
        ("ContentLabel", "1"),
        ("ContentDescription", "2"),
        ("ContentCreatorName", "2"),
        ("ReferencedSeriesSequence", "1C"),
        ("BlendingSequence", "1C"),
    ),
    "SR DOCUMENT": (
        ("InstanceNumber", "1"),
        ("CompletionFlag", "1"),
        ("VerificationFlag", "1"),
        ("ContentDate", "1"),
        ("ContentTime", "1"),
        ("ConceptNameCodeSequence", "1"),
        ("VerificationDateTime", "1C"),
        ("ContentSequence", "1C"),
    ),
    "KEY OBJECT DOC": (
        ("InstanceNumber", "1"),
        ("ContentDate", "1"),
        ("ContentTime", "1"),
        ("ConceptNameCodeSequence", "1"),
        ("ContentSequence", "1C"),
    ),
    "SPECTROSCOPY": (
        ("ImageType", "1"),
        ("ContentDate", "1"),
        ("ContentTime", "1"),
        ("InstanceNumber", "1"),
        ("NumberOfFrames", "1"),
        ("Rows", "1"),
        ("Columns", "1"),
        ("DataPointRows", "1"),
        ("DataPointColumns", "1"),
        ("ReferencedImageEvidenceSequence", "1C"),
    ),
    "HANGING PROTOCOL": (
        ("HangingProtocolCreator", "1"),
        ("HangingProtocolCreationDateTime", "1"),
        ("HangingProtocolDefinitionSequence", "1"),
        ("NumberOfPriorsReferenced", "1"),
        ("HangingProtocolUserIdentificationCodeSequence", "2"),
    ),
    "ENCAP DOC": (
        ("InstanceNumber", "1"),
        ("MIMETypeOfEncapsulatedDocument", "1"),
        ("ContentDate", "2"),
        ("ContentTime", "2"),
        ("DocumentTitle", "2"),
        ("HL7InstanceIdentifier", "1C"),
        ("ConceptNameCodeSequence", "2"),
    ),
    "PALETTE": (("ContentLabel", "1"), ("ContentDescription", "2")),
    "IMPLANT": (
        ("Manufacturer", "1"),
        ("ImplantName", "1"),
        ("ImplantPartNumber", "1"),
        ("ImplantSize", "1C"),
    ),
    "IMPLANT ASSY": (
        ("ImplantAssemblyTemplateName", "1"),
        ("Manufacturer", "1"),
        ("ProcedureTypeCodeSequence", "1"),
    ),
    "IMPLANT GROUP": (("ImplantTemplateGroupName", "1"), ("ImplantTemplateGroupIssuer", "1")),
    "SURFACE SCAN": (("ContentDate", "1"), ("ContentTime", "1")),
    "ASSESSMENT": (
        ("InstanceNumber", "1"),
        ("InstanceCreationDate", "1"),
        ("InstanceCreationTime", "2"),
    ),
    "RADIOTHERAPY": (
        ("InstanceNumber", "1"),
        ("UserContentLabel", "1C"),
        ("UserContentLongLabel", "1C"),
        ("ContentDescription", "2"),
        ("ContentCreatorName", "2"),
    ),
    "STEREOMETRIC": (),
    "PLAN": (),
}
# Generic content records: WAVEFORM and RAW DATA; the Content Identification Macro ones
_GENERIC_CONTENT = (("InstanceNumber", "1"), ("ContentDate", "1"), ("ContentTime", "1"))
_CONTENT_IDENTIFICATION = (
    *_GENERIC_CONTENT,
    ("ContentLabel", "1"),
    ("ContentDescription", "2"),
    ("ContentCreatorName", "2"),
)
_RECORD_KEYS.update(
    {record_type: _GENERIC_CONTENT for record_type in ("WAVEFORM", "RAW DATA")}
    | {
        record_type: _CONTENT_IDENTIFICATION
        for record_type in (
            "REGISTRATION",
            "FIDUCIAL",
            "VALUE MAP",
            "MEASUREMENT",
            "SURFACE",
            "TRACT",
        )
    }
)


def _check_keys(ds: Dataset, keywords: Iterable[str]) -> None:
    """Each Type 1 key is in `ds` with a value (ValueError otherwise)."""
    for keyword in keywords:
        tag = Tag(keyword)
        name = name_of(tag)
        if keyword not in ds:
            raise ValueError(f"The instance's {tag} '{name}' element is missing")
        if ds[tag].VM == 0:
            raise ValueError(f"The instance's {tag} '{name}' element cannot be empty")


def _recorder(keys: tuple[tuple[str, str], ...]) -> Callable[[Dataset], Dataset]:
    """A record maker for `keys` (see `_RECORD_KEYS`)."""

    def make(ds: Dataset) -> Dataset:
        _check_keys(ds, [keyword for keyword, kind in keys if kind == "1"])
        _check_keys(ds, [keyword for keyword, kind in keys if kind == "1C" and keyword in ds])
        record = Dataset()
        for keyword, kind in keys:
            if keyword in ds:
                record.add(_copied(ds[keyword]))
            elif kind == "2":
                record.setdefault(keyword, None)
        return record

    return make


def _copied(element: DataElement) -> DataElement:
    """A copy of an instance's element for a record: its value as it is, not revalidated."""
    value = element.value
    if isinstance(value, Sequence):
        value = _copy.deepcopy(value)
    return DataElement(element.tag, element.VR, value, validation="ignore")


DIRECTORY_RECORDERS: dict[str, Callable[[Dataset], Dataset]] = {
    record_type: _recorder(keys) for record_type, keys in _RECORD_KEYS.items()
}
"""record type -> the function that makes that record of an instance (PS3.3 F.5).

Replace one to change the records `FileSet.add` makes; PRIVATE records need
`FileSet.add_custom`.
"""


def _record(record_type: str, ds: Dataset) -> Dataset:
    """The `record_type` record of `ds`, with the elements every record has (PS3.3 F.3.2.2)."""
    try:
        record = DIRECTORY_RECORDERS[record_type](ds)
    except ValueError as exc:
        raise ValueError(
            f"Unable to use the default '{record_type}' record creator: {exc}. See DICOM "
            "PS3.3 Section F.5. Either update the instance, define your own record "
            "creation function or use 'FileSet.add_custom()' instead"
        ) from exc
    record.OffsetOfTheNextDirectoryRecord = 0
    record.RecordInUseFlag = 0xFFFF
    record.OffsetOfReferencedLowerLevelDirectoryEntity = 0
    record.DirectoryRecordType = record_type
    return record


# Storage SOP classes whose instances have a single-level record (PS3.3 F.4)
_SINGLE_LEVEL: dict[str, str] = {
    sop.HangingProtocolStorage: "HANGING PROTOCOL",
    sop.ColorPaletteStorage: "PALETTE",
    sop.GenericImplantTemplateStorage: "IMPLANT",
    sop.ImplantAssemblyTemplateStorage: "IMPLANT ASSY",
    sop.ImplantTemplateGroupStorage: "IMPLANT GROUP",
}
# The leaf record of other storage SOP classes, below PATIENT/STUDY/SERIES (IMAGE otherwise)
_LEAF_RECORDS: dict[str, tuple[str, ...]] = {
    "RT DOSE": (sop.RTDoseStorage,),
    "RT STRUCTURE SET": (sop.RTStructureSetStorage,),
    "RT TREAT RECORD": (
        sop.RTBeamsTreatmentRecordStorage,
        sop.RTBrachyTreatmentRecordStorage,
        sop.RTTreatmentSummaryRecordStorage,
        sop.RTIonBeamsTreatmentRecordStorage,
    ),
    "PRESENTATION": (
        sop.GrayscaleSoftcopyPresentationStateStorage,
        sop.ColorSoftcopyPresentationStateStorage,
        sop.PseudoColorSoftcopyPresentationStateStorage,
        sop.BlendingSoftcopyPresentationStateStorage,
        sop.XAXRFGrayscaleSoftcopyPresentationStateStorage,
        sop.BasicStructuredDisplayStorage,
    ),
    "WAVEFORM": (
        sop.BasicVoiceAudioWaveformStorage,
        sop.TwelveLeadECGWaveformStorage,
        sop.GeneralECGWaveformStorage,
        sop.AmbulatoryECGWaveformStorage,
        sop.HemodynamicWaveformStorage,
        sop.CardiacElectrophysiologyWaveformStorage,
        sop.ArterialPulseWaveformStorage,
        sop.RespiratoryWaveformStorage,
        sop.GeneralAudioWaveformStorage,
        sop.RoutineScalpElectroencephalogramWaveformStorage,
        sop.ElectromyogramWaveformStorage,
        sop.ElectrooculogramWaveformStorage,
        sop.SleepElectroencephalogramWaveformStorage,
        sop.MultichannelRespiratoryWaveformStorage,
        sop.BodyPositionWaveformStorage,
    ),
    "SR DOCUMENT": (
        sop.BasicTextSRStorage,
        sop.EnhancedSRStorage,
        sop.ComprehensiveSRStorage,
        sop.MammographyCADSRStorage,
        sop.ChestCADSRStorage,
        sop.ProcedureLogStorage,
        sop.XRayRadiationDoseSRStorage,
        sop.SpectaclePrescriptionReportStorage,
        sop.ColonCADSRStorage,
        sop.MacularGridThicknessAndVolumeReportStorage,
        sop.ImplantationPlanSRStorage,
        sop.Comprehensive3DSRStorage,
        sop.RadiopharmaceuticalRadiationDoseSRStorage,
        sop.ExtensibleSRStorage,
        sop.AcquisitionContextSRStorage,
        sop.SimplifiedAdultEchoSRStorage,
        sop.PatientRadiationDoseSRStorage,
        sop.PlannedImagingAgentAdministrationSRStorage,
        sop.PerformedImagingAgentAdministrationSRStorage,
    ),
    "KEY OBJECT DOC": (sop.KeyObjectSelectionDocumentStorage,),
    "SPECTROSCOPY": (sop.MRSpectroscopyStorage,),
    "RAW DATA": (sop.RawDataStorage,),
    "REGISTRATION": (sop.SpatialRegistrationStorage, sop.DeformableSpatialRegistrationStorage),
    "FIDUCIAL": (sop.SpatialFiducialsStorage,),
    "VALUE MAP": (sop.RealWorldValueMappingStorage,),
    "STEREOMETRIC": (sop.StereometricRelationshipStorage,),
    "MEASUREMENT": (
        sop.LensometryMeasurementsStorage,
        sop.AutorefractionMeasurementsStorage,
        sop.KeratometryMeasurementsStorage,
        sop.SubjectiveRefractionMeasurementsStorage,
        sop.VisualAcuityMeasurementsStorage,
        sop.OphthalmicAxialMeasurementsStorage,
        sop.OphthalmicVisualFieldStaticPerimetryMeasurementsStorage,
    ),
    "SURFACE": (sop.SurfaceSegmentationStorage,),
    "SURFACE SCAN": (sop.SurfaceScanMeshStorage, sop.SurfaceScanPointCloudStorage),
    "TRACT": (sop.TractographyResultsStorage,),
    "ASSESSMENT": (sop.ContentAssessmentResultsStorage,),
}
_LEAF_BY_SOP_CLASS = {uid: record for record, uids in _LEAF_RECORDS.items() for uid in uids}
# Modalities whose instances have a RADIOTHERAPY record (the second generation RT objects)
_RADIOTHERAPY_MODALITIES = ("RTINTENT", "RTSEGANN", "RTRAD")


def _single_level_record_type(ds: Dataset) -> str:
    """The single-level record type of `ds`, or "PATIENT" for the four-level hierarchy."""
    return _SINGLE_LEVEL.get(str(ds.get("SOPClassUID", "")), "PATIENT")


def _four_level_record_type(ds: Dataset) -> str:
    """The record type below SERIES for `ds` (as pydicom chooses it)."""
    modality = ds.get("Modality")
    if modality in _RADIOTHERAPY_MODALITIES:
        return "RADIOTHERAPY"
    if modality == "PLAN":
        return "PLAN"
    if "EncapsulatedDocument" in ds:
        return "ENCAP DOC"
    if "RTPlanLabel" in ds:
        return "RT PLAN"
    return _LEAF_BY_SOP_CLASS.get(str(ds.get("SOPClassUID", "")), "IMAGE")

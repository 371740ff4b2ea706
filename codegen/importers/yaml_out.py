"""Write `spec/*.yaml` deterministically: a header comment, a `source` block, one flow-style line per entry.

The output is plain YAML that `yaml.safe_load` reads back to exactly the data written.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import yaml

Scalar = str | int | bool | None
Entry = Mapping[str, Scalar]

# Plain scalars are kept to a conservative character set; everything else is quoted.
# ", [ ] { }" end a plain scalar inside a flow mapping, so "(0008,0005)" must be quoted.
_PLAIN = re.compile(r"[A-Za-z0-9_.(][A-Za-z0-9 _.()/+&-]*")
_ESCAPES = {
    "\0": "\\0",
    "\t": "\\t",
    "\n": "\\n",
    "\r": "\\r",
    "\x1b": "\\e",
    '"': '\\"',
    "\\": "\\\\",
}


def scalar(value: Scalar) -> str:
    """One YAML scalar that reads back as `value`."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if _PLAIN.fullmatch(value) and not value.endswith(" ") and _reads_back(value):
        return value
    if value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return '"' + "".join(_ESCAPES.get(c, c if c.isprintable() else _escape(c)) for c in value) + '"'


def _escape(char: str) -> str:
    code = ord(char)
    if code < 0x100:
        return f"\\x{code:02x}"
    return f"\\u{code:04x}" if code < 0x10000 else f"\\U{code:08x}"


@functools.cache
def _reads_back(value: str) -> bool:
    """Whether a plain scalar reads back as this string (not as a number, bool, null, date...)."""
    try:
        return bool(yaml.load(value, Loader=_LOADER) == value)
    except yaml.YAMLError:
        return False


def flow(value: Scalar | Sequence[Scalar] | Mapping[str, Any]) -> str:
    """A flow-style rendering of a scalar, a list of scalars or a mapping of those."""
    if isinstance(value, Mapping):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, (list, tuple)):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    assert not isinstance(value, Sequence) or isinstance(value, str)
    return scalar(value)


def render(
    *,
    header: Sequence[str],
    sources: Sequence[Mapping[str, Any]],
    lists: Sequence[tuple[str, Sequence[Entry]]],
) -> str:
    """The text of one spec file: the header as comments, `sources:`, then each list.

    Entries must already be sorted; each is one line, and an empty list is `[]`.
    """
    lines = [f"# {line}".rstrip() for line in header]
    lines += [
        "# Written by `make import-standard`: do not edit; edit codegen/overrides/ instead.",
        "sources:",
    ]
    lines += [f"  - {flow(source)}" for source in sources]
    for key, entries in lists:
        lines.append(f"{key}:" if entries else f"{key}: []")
        lines += [f"  - {flow(entry)}" for entry in entries]
    return "\n".join(lines) + "\n"


def read(path: Path) -> dict[str, Any]:
    """The mapping a spec file holds, or an empty one when the file does not exist."""
    if not path.exists():
        return {}
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_LOADER)
    if not isinstance(data, dict):
        raise ValueError(f"{path}: expected a mapping")
    return data


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

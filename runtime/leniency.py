"""Lenient or strict reading, and how assigned values are validated: warn, raise or ignore.

Real files break the rules (odd lengths, a wrong transfer syntax in the meta,
a VR switch, a file cut short), and pydicom reads them; so does dicodec, with
a warning. `dcmread(..., strict=True)` raises instead. Values are decoded
lazily, long after `dcmread` returns, so the choice travels with the source
buffer (`Source.strict`) and is made current while reading or decoding from it.

Both choices are context variables, so threads and asyncio tasks that choose
differently do not see each other's: the reading mode (what `tolerate` does
with a broken rule) and the validation of values assigned to elements that
were not told otherwise. `dicodec.config` sets them the way pydicom's
`config.settings` does.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from typing import Literal

from dicodec.errors import DicomError, DicomFormatWarning, DicomWarning, InvalidDicomError

# raise an error, warn, or let it pass silently
Validation = Literal["raise", "warn", "ignore"]
VALIDATION_MODES: tuple[Validation, ...] = ("raise", "warn", "ignore")
# pydicom's numbers for the modes (config.IGNORE, WARN, RAISE), which its
# `validation_mode=` arguments take
VALIDATION_NUMBERS: dict[int, Validation] = {0: "ignore", 1: "warn", 2: "raise"}

_READING: ContextVar[Validation] = ContextVar("dicodec_reading_mode", default="warn")
# How values assigned to a dataset or element without a `validation` of its own are
# checked: warned of by default, as pydicom 3 does.
_VALIDATION: ContextVar[Validation] = ContextVar("dicodec_validation", default="warn")


@contextmanager
def reading(strict: bool) -> Iterator[None]:
    """Read (parse, or decode values) strictly or leniently within the block.

    Leniently keeps a current "ignore" (no warnings) as it is.
    """
    token = start_reading(strict)
    try:
        yield
    finally:
        _READING.reset(token)


def start_reading(strict: bool) -> Token[Validation]:
    """`reading` without a `with` block (one file read, on the hot path of an index): until
    `restore_reading_mode(token)`."""
    mode: Validation = "raise" if strict else ("ignore" if _READING.get() == "ignore" else "warn")
    return _READING.set(mode)


def is_strict() -> bool:
    return _READING.get() == "raise"


def reading_mode() -> Validation:
    """What a broken rule met while reading does in this context: raise, warn or ignore."""
    return _READING.get()


def set_reading_mode(mode: Validation) -> Token[Validation]:
    """Make `mode` the reading mode of the current context (the token undoes it)."""
    return _READING.set(_checked(mode))


def restore_reading_mode(token: Token[Validation]) -> None:
    """Undo `set_reading_mode`."""
    _READING.reset(token)


def default_validation() -> Validation:
    """How assigned values are validated in this context, unless an element says otherwise."""
    return _VALIDATION.get()


def set_default_validation(mode: Validation) -> Token[Validation]:
    """Make `mode` the validation of assigned values in the current context."""
    return _VALIDATION.set(_checked(mode))


def restore_default_validation(token: Token[Validation]) -> None:
    """Undo `set_default_validation`."""
    _VALIDATION.reset(token)


def _checked(mode: str) -> Validation:
    for known in VALIDATION_MODES:
        if mode == known:
            return known
    raise ValueError(f"a validation mode is 'raise', 'warn' or 'ignore', not {mode!r}")


def validation_mode(mode: str | int | None) -> Validation | None:
    """A validation mode given as dicodec's name or pydicom's number (None stays None)."""
    if mode is None:
        return None
    if isinstance(mode, int) and not isinstance(mode, bool):
        found = VALIDATION_NUMBERS.get(mode)
        if found is None:
            raise ValueError(
                f"a validation mode is config.IGNORE (0), WARN (1) or RAISE (2), not {mode!r}"
            )
        return found
    return _checked(str(mode))


def tolerate(
    message: str,
    *,
    offset: int | None = None,
    tag: int | None = None,
    error: type[DicomError] = InvalidDicomError,
    warning: type[DicomWarning] = DicomFormatWarning,
    stacklevel: int = 3,
) -> None:
    """Warn of a broken rule that reading works around; when reading strictly, raise."""
    mode = _READING.get()
    if mode == "raise":
        raise error(message, offset=offset, tag=tag)
    if mode == "ignore":
        return
    if tag is not None or offset is not None:
        message = str(DicomError(message, offset=offset, tag=tag))
    warnings.warn(message, warning, stacklevel=stacklevel)

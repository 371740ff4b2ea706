"""Lenient or strict reading: whether a broken rule of the encoding warns or raises.

Real files break the rules (odd lengths, a wrong transfer syntax in the meta,
a VR switch, a file cut short), and pydicom reads them; so does dicodec, with
a warning. `dcmread(..., strict=True)` raises instead. Values are decoded
lazily, long after `dcmread` returns, so the choice travels with the source
buffer (`Source.strict`) and is made current while reading or decoding from it.

The current choice is a context variable: threads reading with different
choices at the same time do not see each other's.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from dicodec.errors import DicomError, DicomFormatWarning, DicomWarning, InvalidDicomError

_STRICT: ContextVar[bool] = ContextVar("dicodec_strict_reading", default=False)


@contextmanager
def reading(strict: bool) -> Iterator[None]:
    """Read (parse, or decode values) strictly or leniently within the block."""
    token = _STRICT.set(strict)
    try:
        yield
    finally:
        _STRICT.reset(token)


def is_strict() -> bool:
    return _STRICT.get()


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
    if _STRICT.get():
        raise error(message, offset=offset, tag=tag)
    if tag is not None or offset is not None:
        message = str(DicomError(message, offset=offset, tag=tag))
    warnings.warn(message, warning, stacklevel=stacklevel)

"""pydicom's `config`, as a compatibility layer over dicodec's context variables.

`settings.reading_validation_mode` is what a broken rule met while reading does
(`dcmread` without `strict=`, and values decoded later); `settings.writing_validation_mode`
is how values assigned to elements are validated. Each is `RAISE`, `WARN` or
`IGNORE`, as in pydicom, and `strict_reading()` / `disable_value_validation()`
change them for a block.

Unlike pydicom's process-wide globals, these set the default **for the current
context** (a `contextvars.ContextVar`): two threads, or two asyncio tasks, may
choose differently without seeing each other's choice. A new thread starts from
the defaults (WARN for reading and for writing, as pydicom's); an asyncio task starts from
a copy of its creator's context.

pydicom's other flags are accepted so that scripts keep running, but they mean
nothing here: setting one gives a `DeprecationWarning` that says why, and the
flag keeps the value that describes what dicodec does.
"""

from __future__ import annotations

import logging
import sys
import types
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from dicodec.leniency import (
    VALIDATION_NUMBERS,
    Validation,
    default_validation,
    reading_mode,
    restore_default_validation,
    restore_reading_mode,
    set_default_validation,
    set_reading_mode,
)

__all__ = [
    "IGNORE",
    "RAISE",
    "WARN",
    "DS_decimal",
    "DS_numpy",
    "Settings",
    "debug",
    "disable_value_validation",
    "future_behavior",
    "reset_data_element_callback",
    "settings",
    "strict_reading",
]

IGNORE = 0
"""A validation mode: let invalid values pass silently."""
WARN = 1
"""A validation mode: warn of an invalid value."""
RAISE = 2
"""A validation mode: raise on an invalid value."""

_MODES: dict[int, Validation] = VALIDATION_NUMBERS
_NUMBERS: dict[Validation, int] = {mode: number for number, mode in _MODES.items()}
# the default for assigned values, as pydicom 3's: warn (its future behaviour raises)
_DEFAULT_WRITING: Validation = "warn"

logger = logging.getLogger("dicodec")
have_numpy = True


def _mode(value: int) -> Validation:
    try:
        return _MODES[value]
    except (KeyError, TypeError):
        raise ValueError(
            f"a validation mode is config.IGNORE (0), WARN (1) or RAISE (2), not {value!r}"
        ) from None


def _no_effect(name: str) -> None:
    warnings.warn(
        f"config.{name} has no effect in dicodec: {_NO_EFFECT[name][1]}",
        DeprecationWarning,
        stacklevel=3,
    )


class Settings:
    """pydicom's `config.settings`: the validation modes of the current context."""

    __slots__ = ()

    @property
    def reading_validation_mode(self) -> int:
        """RAISE, WARN (default) or IGNORE: what a broken rule met while reading does."""
        return _NUMBERS[reading_mode()]

    @reading_validation_mode.setter
    def reading_validation_mode(self, value: int) -> None:
        set_reading_mode(_mode(value))

    @property
    def writing_validation_mode(self) -> int:
        """RAISE, WARN (default, as pydicom's) or IGNORE: how assigned values are validated."""
        return _NUMBERS[default_validation()]

    @writing_validation_mode.setter
    def writing_validation_mode(self, value: int) -> None:
        set_default_validation(_mode(value))

    @property
    def infer_sq_for_un_vr(self) -> bool:
        """Always True: an undefined-length UN is read as a sequence (PS3.5 6.2.2)."""
        return True

    @infer_sq_for_un_vr.setter
    def infer_sq_for_un_vr(self, value: bool) -> None:
        _no_effect("settings.infer_sq_for_un_vr")

    @property
    def buffered_read_size(self) -> int:
        """pydicom's chunk size for buffered values; dicodec does not read in chunks."""
        return 8192

    @buffered_read_size.setter
    def buffered_read_size(self, size: int) -> None:
        _no_effect("settings.buffered_read_size")


settings = Settings()
"""The validation modes of the current context, as pydicom's `config.settings`."""


@contextmanager
def strict_reading() -> Iterator[None]:
    """Read strictly within the block: a broken rule raises instead of warning."""
    token = set_reading_mode("raise")
    try:
        yield
    finally:
        restore_reading_mode(token)


@contextmanager
def disable_value_validation() -> Iterator[None]:
    """Neither validate values read nor values assigned within the block."""
    reading_token = set_reading_mode("ignore")
    writing_token = set_default_validation("ignore")
    try:
        yield
    finally:
        restore_default_validation(writing_token)
        restore_reading_mode(reading_token)


def future_behavior(enable_future: bool = True) -> None:
    """pydicom's next major version raises on invalid assigned values: this makes it so in
    the current context; `enable_future=False` goes back to the default (warn)."""
    set_default_validation("raise" if enable_future else _DEFAULT_WRITING)


def DS_numpy(use_numpy: bool = True) -> None:
    """No effect in dicodec (DS values are `DSfloat`; `np.asarray(values)` makes an array)."""
    _no_effect("use_DS_numpy")


def DS_decimal(use_Decimal_boolean: bool = True) -> None:
    """No effect in dicodec (DS values are `DSfloat`, which keep their text)."""
    _no_effect("use_DS_decimal")


def debug(debug_on: bool = True, default_handler: bool = True) -> None:
    """No effect in dicodec: it does not log while reading; its warnings say what and where."""
    _no_effect("debugging")


def reset_data_element_callback() -> None:
    """No effect in dicodec: there are no raw element callbacks."""
    _no_effect("data_element_callback")


# name -> (the value that describes what dicodec does, why setting it means nothing)
_NO_EFFECT: dict[str, tuple[Any, str]] = {
    "use_DS_numpy": (False, "DS values are DSfloat; np.asarray(values) makes an array"),
    "use_IS_numpy": (False, "IS values are IS (an int); np.asarray(values) makes an array"),
    "use_DS_decimal": (False, "DS values are DSfloat, which keep their text as read"),
    "allow_DS_float": (True, "DSfloat is made from a float; its text is the shortest that fits"),
    "datetime_conversion": (
        False,
        "DA, DT and TM values stay text; dicodec.values.to_date/to_datetime/to_time convert them",
    ),
    "use_none_as_empty_text_VR_value": (
        False,
        "an empty text value is '' (the accessor types say so); test it with `not value`",
    ),
    "replace_un_with_known_vr": (
        True,
        "a UN element of a dictionary tag always reads with the dictionary's VR",
    ),
    "convert_wrong_length_to_UN": (
        False,
        "a number value of the wrong length keeps its whole values, with an InvalidValueWarning",
    ),
    "assume_implicit_vr_switch": (
        True,
        "bytes that are no VR in an Explicit VR file are always read as Implicit VR, with a warning",
    ),
    "show_file_meta": (False, "print(ds.file_meta) prints it; `dicodec show --meta` too"),
    "pixel_data_handlers": (
        [],
        "pixels are decoded by dicodec.pixels and its plugins (see the README)",
    ),
    "APPLY_J2K_CORRECTIONS": (
        True,
        "JPEG 2000 precision and sign are always corrected as pydicom does by default",
    ),
    "INVALID_KEYWORD_BEHAVIOR": (
        "RAISE",
        "setting a CamelCase attribute that is not a keyword raises UnknownKeywordError",
    ),
    "INVALID_KEY_BEHAVIOR": ("IGNORE", "`key in ds` is False for anything that is not a tag"),
    "data_element_callback": (None, "there are no raw element callbacks"),
    "data_element_callback_kwargs": ({}, "there are no raw element callbacks"),
    "debugging": (False, "dicodec does not log while reading"),
    "settings.infer_sq_for_un_vr": (True, "an undefined-length UN is always a sequence"),
    "settings.buffered_read_size": (8192, "buffered values are read whole"),
}

if TYPE_CHECKING:
    enforce_valid_values: bool
    use_DS_numpy: bool
    use_IS_numpy: bool
    use_DS_decimal: bool
    allow_DS_float: bool
    datetime_conversion: bool
    use_none_as_empty_text_VR_value: bool
    replace_un_with_known_vr: bool
    convert_wrong_length_to_UN: bool
    assume_implicit_vr_switch: bool
    show_file_meta: bool
    pixel_data_handlers: list[Any]
    APPLY_J2K_CORRECTIONS: bool
    INVALID_KEYWORD_BEHAVIOR: str
    INVALID_KEY_BEHAVIOR: str
    data_element_callback: Any
    data_element_callback_kwargs: dict[str, Any]
    debugging: bool


def __getattr__(name: str) -> Any:
    if name == "enforce_valid_values":  # pydicom's old name for RAISE while reading
        return reading_mode() == "raise"
    if name in _NO_EFFECT:
        return _NO_EFFECT[name][0]
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


class _ConfigModule(types.ModuleType):
    """The module, with pydicom's flags accepted on assignment (`config.use_DS_numpy = True`)."""

    def __setattr__(self, name: str, value: Any) -> None:
        if name == "enforce_valid_values":
            warnings.warn(
                "config.enforce_valid_values is deprecated (in pydicom too): use "
                "config.settings.reading_validation_mode and writing_validation_mode",
                DeprecationWarning,
                stacklevel=2,
            )
            set_reading_mode("raise" if value else "warn")
            set_default_validation("raise" if value else _DEFAULT_WRITING)
        elif name in _NO_EFFECT:
            _no_effect(name)
        else:
            super().__setattr__(name, value)


sys.modules[__name__].__class__ = _ConfigModule

"""Whether an optional codec package can be used here (decoders and encoders alike)."""

from __future__ import annotations

import importlib
from functools import cache

__all__ = ["importable"]


@cache
def importable(module: str) -> bool:
    """True when `module` imports: installed, and its binary wheel loads."""
    try:
        importlib.import_module(module)
    except Exception:  # an ImportError, or a broken binary wheel
        return False
    return True

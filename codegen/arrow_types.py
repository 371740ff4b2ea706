"""The Arrow type of each VR and of each VR alternative the dictionary uses (`dicodec index`).

`spec/vrs.yaml` gives the type of one value of each VR (`arrow_type`); an element whose
VR the dictionary gives as alternatives ("US or SS") needs one type that holds a value of
any of them: decided here, from the types, so that the generated table and the runtime
never restate either.
"""

from __future__ import annotations

import re
from typing import Any

from codegen.spec import Spec, SpecError

_INTEGER = re.compile(r"(u?)int(8|16|32|64)")
# the aliases `pyarrow.type_for_alias` knows that a VR may map to
KNOWN = frozenset(
    {"string", "binary", "date32", "time64[us]", "timestamp[us]", "float32", "float64"}
    | {f"{sign}int{bits}" for sign in ("", "u") for bits in (8, 16, 32, 64)}
)


def combined(types: list[str | None]) -> str | None:
    """The type that holds a value of each of `types`: the one type when they agree, the
    narrowest signed integer that holds every one when they are integers ("uint16",
    "int16" -> "int32"), and None (no column) otherwise ("uint16", "binary")."""
    distinct = sorted(set(types), key=str)
    if len(distinct) == 1:
        return distinct[0]
    if any(t is None for t in distinct):
        return None
    matches = [_INTEGER.fullmatch(str(t)) for t in distinct]
    if not all(matches):
        return None
    bits = max(int(m[2]) * (2 if m[1] else 1) for m in matches if m is not None)
    return f"int{bits}" if bits <= 64 else None


def context(spec: Spec) -> dict[str, Any]:
    single = {vr.vr: vr.arrow_type for vr in spec.vrs}
    unknown = sorted(f"{vr}: {t}" for vr, t in single.items() if t is not None and t not in KNOWN)
    if unknown:
        raise SpecError(
            "spec/vrs.yaml: arrow_type is not a known Arrow type: " + ", ".join(unknown)
        )
    alternatives = sorted({e.vr for e in spec.elements if " or " in e.vr})
    rows = [{"vr": vr, "arrow_type": t} for vr, t in sorted(single.items())]
    rows += [
        {"vr": vr, "arrow_type": combined([single[part] for part in vr.split(" or ")])}
        for vr in alternatives
    ]
    return {"rows": rows}

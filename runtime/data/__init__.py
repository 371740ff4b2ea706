"""Sample files bundled with dicodec, all written by dicodec itself.

`get_testdata_file("rtplan.dcm")` is the walkthrough's RT Plan (see
`dicodec.data.rtplan`), written by `make sample`.
"""

from __future__ import annotations

import fnmatch
from pathlib import Path

DATA_DIR = Path(__file__).parent


def get_testdata_files(pattern: str = "*") -> list[str]:
    """Paths of the bundled files whose names match `pattern` (fnmatch), sorted."""
    return sorted(str(p) for p in DATA_DIR.glob("*.dcm") if fnmatch.fnmatch(p.name, pattern))


def get_testdata_file(name: str) -> str:
    """The path of the bundled file `name`."""
    path = DATA_DIR / name
    if not path.is_file():
        available = ", ".join(Path(p).name for p in get_testdata_files()) or "none"
        raise FileNotFoundError(f"no bundled file {name!r} (bundled: {available})")
    return str(path)

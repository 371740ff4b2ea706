"""Write the bundled sample `rtplan.dcm` from the seed RT Plan: `python -m dicodec.data.build_sample`.

The output is reproducible: the same dicodec writes the same bytes.
"""

from __future__ import annotations

import sys
from pathlib import Path

from dicodec.data.rtplan import build_rtplan
from dicodec.filewriter import dcmwrite


def main(argv: list[str] | None = None) -> int:
    target = Path(argv[0]) if argv else Path(__file__).resolve().parent / "rtplan.dcm"
    dcmwrite(target, build_rtplan(), enforce_file_format=True)
    print(f"wrote {target}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

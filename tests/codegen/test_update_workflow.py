"""docs/updating-the-standard.md, followed in a copy of the repository.

The next edition's registry and UID table go into a folder `new/` (the recorded ones,
changed the way an edition changes things: an element added, one retired, a keyword
renamed, a UID added), then `make import-standard REGISTRY=... UIDS=... EDITION=2026d`,
`make generate`, and the checks of the test suite that concern the standard, unedited,
run on the copy. The copy reuses this test run's .venv (make is told not to rebuild it)
and the black cache, and imports its own runtime/ and generated/.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from codegen.importers import recorded_sources

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
VENV = Path(sys.prefix)
NEW_EDITION = "2026d"
NEW_UID = "1.2.840.10008.5.1.4.1.1.9999.1"
# the checks that read spec/ or generated/ (the importers' own tests read fixtures only;
# and not this test: it would run itself)
CHECKS = [
    "tests/codegen/test_standard.py",
    "tests/codegen/test_generator.py",
    "tests/runtime/test_keyword_aliases.py",
    "tests/values/test_uid.py",
]


def _copy_repository(target: Path) -> None:
    """The project's files (tracked and new, not ignored), without .venv or build/."""
    try:
        listed = subprocess.run(
            ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
            cwd=REPO, capture_output=True, check=True,
        ).stdout.decode().split("\0")  # fmt: skip
    except (OSError, subprocess.CalledProcessError):
        ignore = shutil.ignore_patterns(".*", "build", "__pycache__", "*.egg-info")
        shutil.copytree(REPO, target, ignore=ignore, symlinks=True)
        return
    for name in filter(None, listed):
        source, dest = REPO / name, target / name
        if source.is_file():
            dest.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest)


def _place_recorded_sources(copy: Path) -> dict[str, Path]:
    """Each source spec/ records, reachable from the copy by the same relative path."""
    found = {}
    for option, record in recorded_sources(REPO / "spec").items():
        original = REPO / str(record["file"])
        if not original.is_file():
            pytest.skip(f"{original}, the {option} source spec/ records, is not here")
        placed = Path(os.path.normpath(copy / str(record["file"])))
        if not placed.exists():
            placed.parent.mkdir(parents=True, exist_ok=True)
            placed.symlink_to(original)
        found[option] = original
    return found


def _next_edition(recorded: dict[str, Path], new: Path) -> dict[str, str]:
    """The recorded registry and UID table, changed as an edition changes them."""
    attributes = json.loads(recorded["registry"].read_text(encoding="utf-8"))
    named = [a for a in attributes if a["keyword"] and a["retired"] == "N"]
    named = [a for a in named if a["valueRepresentation"] == "LO" and a["tag"].startswith("(0018,")]
    renamed, retired = named[-1], named[-2]
    what = {"renamed": renamed["keyword"], "retired": retired["keyword"]}
    renamed["keyword"] += "Renamed"
    retired["retired"] = "Y"
    tags = {a["tag"] for a in attributes}
    tag = next(f"(0018,{e:04X})" for e in range(0xFFF0, 0, -1) if f"(0018,{e:04X})" not in tags)
    attributes.append(
        {"tag": tag, "name": "Update Check", "keyword": "UpdateCheck", "valueRepresentation": "LO",
         "valueMultiplicity": "1", "retired": "N", "id": tag[1:5] + tag[6:10]}
    )  # fmt: skip
    (new / "attributes.json").write_text(json.dumps(attributes, indent=1), encoding="utf-8")
    uids = json.loads(recorded["uids"].read_text(encoding="utf-8"))
    uids.append(
        {"uid": NEW_UID, "name": "Update Check Storage", "type": "SOPClass", "retired": False}
    )
    (new / "uids.json").write_text(json.dumps(uids, indent=1), encoding="utf-8")
    return what


def _run(copy: Path, *args: str) -> str:
    """A command in the copy, with the copy's dicodec first on the path."""
    overlay = copy.parent / "overlay"
    env = {**os.environ, "PYTHONPATH": str(overlay), "PYTHONDONTWRITEBYTECODE": "1"}
    result = subprocess.run(args, cwd=copy, env=env, capture_output=True, text=True)
    output = result.stdout + result.stderr
    assert result.returncode == 0, f"{' '.join(args)}:\n{output[-6000:]}"
    return output


def _make(copy: Path, *args: str) -> str:
    # this .venv, and make told that it is current: nothing is installed into it
    installed = VENV / ".installed"
    return _run(copy, "make", f"VENV={VENV}", "-o", str(installed), *args)


def test_updating_to_a_new_edition_as_the_guide_says(tmp_path: Path) -> None:
    copy = tmp_path / "dicodec"
    _copy_repository(copy)
    recorded = _place_recorded_sources(copy)
    if not {"registry", "uids"} <= set(recorded):
        pytest.skip("spec/ records no JSON registry and UID table to change")
    cache = REPO / "build" / "black-cache"
    cache.mkdir(parents=True, exist_ok=True)
    (copy / "build").mkdir()
    (copy / "build" / "black-cache").symlink_to(cache)
    # `import dicodec` in the copy: its runtime/ with its generated/ inside, as installed
    (tmp_path / "overlay").mkdir()
    (tmp_path / "overlay" / "dicodec").symlink_to(copy / "runtime")
    (copy / "runtime" / "generated").symlink_to(copy / "generated")
    new = copy / "new"
    new.mkdir()
    changed = _next_edition(recorded, new)

    report = _make(
        copy, "import-standard", "REGISTRY=new/attributes.json", "UIDS=new/uids.json",
        f"EDITION={NEW_EDITION}",
    )  # fmt: skip
    assert f"## DICOM {NEW_EDITION}" in report
    assert "- retired: (0018," in report and changed["retired"] in report
    assert f"'{changed['renamed']}' -> '{changed['renamed']}Renamed'" in report
    assert f"- added: {NEW_UID} UpdateCheckStorage" in report
    _make(copy, "generate")
    _make(copy, "check-generated")
    located = _run(
        copy, str(VENV / "bin" / "python"), "-c", "import dicodec; print(dicodec.__file__)"
    )
    assert str(copy / "runtime") in located or str(tmp_path / "overlay") in located
    _run(
        copy, str(VENV / "bin" / "python"), "-m", "pytest", "-q", "-p", "no:cacheprovider", *CHECKS
    )

    # the update is recorded: importing again changes nothing, and says the new edition
    assert "spec/: no changes" in _make(copy, "import-standard")
    changes = (copy / "spec" / "CHANGES.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## DICOM (\S+)$", changes, re.MULTILINE)
    assert headings[0] == NEW_EDITION and len(headings) > 1  # newest first
    editions = _run(
        copy,
        str(VENV / "bin" / "python"),
        "-c",
        "import dicodec; print(dicodec.standard_editions())",
    )
    assert f"'dictionary': '{NEW_EDITION}'" in editions

"""Tests run in the small virtual environments `make test-envs` makes, not in .venv.

DICODEC_TEST_ENV names the environment ("pillow": Pillow is the only codec
package; "nocodec": none is); DICODEC_REFERENCE is the file of pydicom's
arrays that `python -m tests.envs.reference` wrote from .venv, where pydicom
has every codec package.
"""

from __future__ import annotations

import os

collect_ignore_glob = [] if os.environ.get("DICODEC_TEST_ENV") else ["test_*.py"]

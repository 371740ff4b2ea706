"""`python -m dicodec ...` is the `dicodec` command."""

import sys

from dicodec.cli import main

sys.exit(main())

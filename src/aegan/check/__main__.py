"""Run the checker: `python -m aegan.check ring|gan|simulator FILE [--json]`."""

import sys

from aegan.check.cli import main

sys.exit(main())

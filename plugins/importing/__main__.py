"""``python -m importing SOURCE...``: see :mod:`importing.run`."""

import sys

from importing.run import main

sys.exit(main())

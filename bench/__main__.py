"""``python -m bench`` is the ``summbench`` command."""

import sys

from .cli import main

sys.exit(main())

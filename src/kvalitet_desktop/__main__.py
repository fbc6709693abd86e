"""``python -m kvalitet_desktop`` is the same as the ``kvalitet`` command."""

import sys

from kvalitet_desktop.cli import main

sys.exit(main())

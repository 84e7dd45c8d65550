"""``python -m baocao …`` is the ``baocao`` command."""

import sys

from .cli import command

sys.exit(command(sys.argv[1:]))

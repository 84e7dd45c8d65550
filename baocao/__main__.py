"""``python -m baocao …`` is the ``baocao`` command."""

from .cli import entry

entry()

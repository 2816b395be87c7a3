"""``python -m displacement``: the same as the ``displacement`` command."""

from .cli import main

raise SystemExit(main())

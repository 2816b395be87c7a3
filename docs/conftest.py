"""pytest settings for the documentation: every page's ``>>>`` examples run as doctests."""

from __future__ import annotations

# conf.py is Sphinx's configuration, not a module with examples; _build is Sphinx's output.
collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*"]

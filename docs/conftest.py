"""pytest settings for the documentation: every page's ``>>>`` examples run as doctests."""

from __future__ import annotations

from pathlib import Path

import pytest

HERE = Path(__file__).parent

# conf.py is Sphinx's configuration, not a module with examples; _build is Sphinx's output.
collect_ignore = ["conf.py"]
collect_ignore_glob = ["_build/*"]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Dask's Parquet reader calls DataFrame.reset_index(inplace=True), which pandas 3.1 deprecates.
    # The warning is about Dask's code, not the examples', so it is the one warning the pages let
    # through (tests/test_arrow.py does the same for its Dask test).
    ignore_dask = pytest.mark.filterwarnings(
        "ignore:The inplace keyword in DataFrame.reset_index is deprecated"
    )
    for item in items:
        if HERE in item.path.parents:
            item.add_marker(ignore_dask)

"""Built-in example datasets, used by the docs, the tests and the ``displacement example`` demo.

>>> ds = kazakhstan_2022()
>>> print(ds.get("f1-rus-kaz").count)
98,000 people

`somalia_prmn_2022` shows internal displacement below the country, from UNHCR Somalia's PRMN.
"""

from __future__ import annotations

from collections.abc import Callable

from ..dataset import Dataset
from ._kazakhstan_2022 import kazakhstan_2022
from ._somalia_prmn_2022 import somalia_prmn_2022

__all__ = ["EXAMPLES", "kazakhstan_2022", "somalia_prmn_2022"]

EXAMPLES: dict[str, Callable[[], Dataset]] = {
    "kazakhstan-2022": kazakhstan_2022,
    "somalia-prmn-2022": somalia_prmn_2022,
}
"""The built-in examples by name, as the command line knows them."""

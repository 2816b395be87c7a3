"""Built-in example datasets, used by the docs, the tests and the ``displacement example`` demo.

>>> ds = kazakhstan_2022()
>>> print(ds.get("f1-rus-kaz").count)
98,000 people

`somalia_prmn_2022` shows internal displacement below the country, from UNHCR Somalia's PRMN.
`karabakh_2023` holds the 2023 exodus from Nagorno-Karabakh to Armenia: a ceasefire, a
blockade, a death toll, a route, and two reports of the same people under two framings:

>>> [(f.population.category.value, str(f.count)) for f in karabakh_2023().flows]
[('others', 'about 100,600 people'), ('refugees', 'more than 100,000 people')]
"""

from __future__ import annotations

from collections.abc import Callable

from ..dataset import Dataset
from ._karabakh_2023 import karabakh_2023
from ._kazakhstan_2022 import kazakhstan_2022
from ._somalia_prmn_2022 import somalia_prmn_2022

__all__ = ["EXAMPLES", "karabakh_2023", "kazakhstan_2022", "somalia_prmn_2022"]

EXAMPLES: dict[str, Callable[[], Dataset]] = {
    "kazakhstan-2022": kazakhstan_2022,
    "somalia-prmn-2022": somalia_prmn_2022,
    "karabakh-2023": karabakh_2023,
}
"""The built-in examples by name, as the command line knows them."""

"""Drought displacement out of Bay region, Somalia, in 2022: an excerpt of UNHCR Somalia's PRMN.

Source: UNHCR Somalia, Protection and Return Monitoring Network (PRMN), "Somalia: Internally
Displaced Persons (IDPs)" on HDX, CC BY. The excerpt: every row of 2022 whose reason is
"Drought related", whose departure region is Bay, and whose arrival district is Baidoa (Bay's
capital, in the region itself) or Banadir (Mogadishu); 337 weekly rows, summed per month of
arrival. The counts are the table's, exact; only the weeks and the departure districts are
summed away. `displacement.io.prmn` reads the whole table.
"""

from __future__ import annotations

import functools

from ..count import Count
from ..dataset import Dataset
from ..event import Event, EventKind
from ..flow import Flow, Metric, Movement, Population, PopulationCategory
from ..period import Period
from ..place import Place
from ..source import Attribution, Source, SourceKind

__all__ = ["somalia_prmn_2022"]

PRMN = "unhcr-somalia-prmn"
DROUGHT = "prmn-reason-drought-related"

# Month of 2022 -> (arrivals in Baidoa district, arrivals in Banadir), people from Bay region.
_ARRIVALS = {
    1: (9_064, 34_277),
    2: (3_721, 30_236),
    3: (613, 11_867),
    4: (250, 2_425),
    5: (343, 2_827),
    6: (1_100, 20_678),
    7: (882, 2_249),
    8: (21_173, 3_039),
    9: (12_776, 1_392),
    10: (8_079, 3_043),
    11: (14_583, 24),
    12: (13_028, 13),
}


@functools.cache
def _dataset() -> Dataset:
    source = Source(
        PRMN,
        SourceKind.DATASET,
        publisher="UNHCR Somalia, Protection and Return Monitoring Network (PRMN)",
        title="Somalia: Internally Displaced Persons (IDPs), PRMN displacement dataset",
        url="https://data.humdata.org/dataset/somalia-internally-displaced-persons-idps",
        licence="CC BY",
        language="en",
        description="Source: UNHCR Somalia, Protection and Return Monitoring Network (PRMN), via HDX.",
    )
    drought = Event(
        DROUGHT,
        EventKind.DISASTER,
        "Drought related",
        period=Period(),  # PRMN gives the reason, not the drought's dates
        hazard="drought",
        description="A reason for displacement as UNHCR Somalia's PRMN records it.",
    )
    bay = Place("SOM", admin1="SO24")
    destinations = (("baidoa", Place("SOM", admin2="SO2401")), ("banadir", Place("SOM", admin1="SO22")))
    idps = Population(PopulationCategory.IDPS, nationality="SOM")
    attributions = (Attribution(PRMN),)
    flows = [
        Flow(
            f"prmn-2022-{month:02d}-bay-{slug}",
            origin=bay,
            destination=place,
            movement=Movement.INTERNAL,
            population=idps,
            count=Count(counts[i]),
            period=Period.month(2022, month),
            metric=Metric.ARRIVALS,
            causes=[DROUGHT],
            attributions=attributions,
        )
        for month, counts in _ARRIVALS.items()
        for i, (slug, place) in enumerate(destinations)
    ]
    return Dataset(sources=[source], events=[drought], flows=flows)


def somalia_prmn_2022() -> Dataset:
    """Drought displacement out of Bay region, Somalia, in 2022, per month (UNHCR Somalia PRMN).

    Internal displacement below the country: 24 flows from the region Bay (``SO24``) to the
    district Baidoa (``SO2401``, inside Bay) and to the region Banadir (``SO22``, Mogadishu,
    which PRMN does not split into districts), one per month of arrival.

    >>> from collections import Counter
    >>> ds = somalia_prmn_2022()
    >>> by_region = Counter()
    >>> for flow in ds.flows:
    ...     by_region[flow.destination.admin1] += flow.count.magnitude
    >>> by_region
    Counter({'SO22': 112070, 'SO24': 85612})
    >>> print(ds.total(by="destination")["SOM"])
    SOM: 197,682 people (24 records)
    >>> [f.id for f in ds.flows if f.destination.within(Place("SOM", admin1="SO24"))][:2]
    ['prmn-2022-01-bay-baidoa', 'prmn-2022-02-bay-baidoa']
    """
    return _dataset()

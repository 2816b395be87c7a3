"""displacement: a typed, validated, unit-aware model of displacement.

Events drive people from their homes; actors act and speak; flows and stocks count the people who
moved and where they are; sources report it all. Every record is an immutable attrs class, every
count a non-negative quantity in persons or households with a qualifier, and every bad input a
`DisplacementError` that says where and what.

>>> import displacement as d
>>> d.Count(98000, qualifier=d.Qualifier.MORE_THAN).bounds[0]
<Quantity(98000, 'person')>
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from . import examples
from .actor import Actor, ActorKind, Role
from .count import Count, Qualifier
from .countries import CodeSystem, country_code
from .dataset import (
    RECORD_KINDS,
    RECORD_TYPES,
    TABLE_KINDS,
    Dataset,
    Record,
    RecordKind,
    References,
    TableKind,
    TotalKind,
)
from .errors import (
    DisplacementError,
    DocumentError,
    EngineError,
    ErrorDetail,
    NoTotalError,
    ParseError,
    PrecisionWarning,
    UnitError,
    ValidationError,
)
from .event import CauseKind, Event, EventKind, Figure, Measure, Participation
from .flow import (
    MIXED,
    Cohort,
    Flow,
    Metric,
    Movement,
    Population,
    PopulationCategory,
    Settlement,
    Sex,
    Share,
    Stock,
)
from .hazard import Hazard
from .households import HouseholdSizes
from .period import Period, Precision
from .place import SPECIAL_CODES, Accuracy, Place
from .source import Attribution, Reliability, Source, SourceKind
from .units import define_units, use_registry

if TYPE_CHECKING:
    from .articles import Draft, Evidence, extract
    from .duplicates import Framing, SuspectedDuplicates
    from .figures import CountMatch, find_counts
    from .totals import Policy, Reason, Series, SetAside, Total, Totals
    from .units import ureg

__version__ = "0.1.0.dev0"

# Imported on first use, to keep `import displacement` quick: reading figures from text compiles
# some fifty regular expressions, and totals bring numpy's typing.
_LAZY = {
    "find_counts": "figures",
    "CountMatch": "figures",
    "extract": "articles",
    "Draft": "articles",
    "Evidence": "articles",
    "Policy": "totals",
    "Reason": "totals",
    "Series": "totals",
    "SetAside": "totals",
    "Total": "totals",
    "Totals": "totals",
    "SuspectedDuplicates": "duplicates",
    "Framing": "duplicates",
}


def __getattr__(name: str) -> Any:
    # `ureg` is built on first use: a pint registry takes about 0.1 s to build (units.py).
    if name == "ureg":
        from .units import library_registry

        return library_registry()
    module = _LAZY.get(name)
    if module is not None:
        value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


__all__ = [
    # records
    "Source",
    "SourceKind",
    "Reliability",
    "Attribution",
    "Actor",
    "ActorKind",
    "Role",
    "Place",
    "Accuracy",
    "SPECIAL_CODES",
    "CodeSystem",
    "country_code",
    "Period",
    "Precision",
    "Count",
    "Qualifier",
    "Population",
    "PopulationCategory",
    "Cohort",
    "Sex",
    "Settlement",
    "Share",
    "MIXED",
    "Event",
    "EventKind",
    "CauseKind",
    "Hazard",
    "Participation",
    "Figure",
    "Measure",
    "Flow",
    "Movement",
    "Metric",
    "Stock",
    "Dataset",
    "Record",
    "RecordKind",
    "RECORD_KINDS",
    "RECORD_TYPES",
    "References",
    "TableKind",
    "TABLE_KINDS",
    "TotalKind",
    # counting honestly: figures from text, households, totals
    "find_counts",
    "CountMatch",
    # drafting records from an article
    "extract",
    "Draft",
    "Evidence",
    "HouseholdSizes",
    "Policy",
    "Total",
    "Totals",
    "SetAside",
    "Reason",
    "Series",
    "SuspectedDuplicates",
    "Framing",
    # units
    "ureg",
    "define_units",
    "use_registry",
    # errors
    "DisplacementError",
    "ValidationError",
    "ErrorDetail",
    "UnitError",
    "DocumentError",
    "EngineError",
    "NoTotalError",
    "ParseError",
    "PrecisionWarning",
    # the built-in example datasets (a submodule)
    "examples",
    "__version__",
]

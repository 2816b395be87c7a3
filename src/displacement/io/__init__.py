"""Reading and writing displacement data: one format a module, imported on demand.

- `displacement.io.json`: datasets and records as JSON documents, read with every error and its path.
- `displacement.io.schema`: the JSON Schema of those documents, generated from the model.
- `displacement.io.csv`: flat CSV files, one per record type, for spreadsheets and data frames.
- `displacement.io.unhcr`: UNHCR's Refugee Population Statistics tables (CSV or API JSON).
- `displacement.io.idmc`: IDMC's Internal Displacement Updates (points, events).
- `displacement.io.dtm`: tables of the IOM DTM API's shape (IDPs by admin unit).
- `displacement.io.prmn`: UNHCR Somalia's PRMN table of district-to-district displacements.
- `displacement.io.ocha`: OCHA's tables by administrative unit (Ethiopia's drought IDPs per woreda).
- `displacement.io.account`: the account of every input row a reader returns.
- `displacement.io.hxl`: HXL-tagged CSV for humanitarian spreadsheets.
- `displacement.io.arrow`: Arrow tables and Parquet files (needs the ``arrow`` extra).

``import displacement`` imports none of these; import the module you need, for example
``from displacement.io import unhcr``.

The formats share one version, `SCHEMA_VERSION`: JSON documents carry it as ``schema_version``,
Arrow tables and Parquet files in their ``displacement.schema`` metadata.
"""

from __future__ import annotations

from typing import Final

__all__ = ["SCHEMA_VERSION", "SUPPORTED_VERSIONS"]

SCHEMA_VERSION: Final = "1.2"
"""The version of the document family this library writes (JSON documents, Arrow tables).

It changes only when a key or column changes meaning or type.
"""
SUPPORTED_VERSIONS: Final = ("1.0", "1.1", "1.2")
"""The versions this library reads.

1.1 (issue 16) writes an event's ``hazard`` as an object of IDMC's hazard levels where 1.0 wrote a
name (``"flood"``); a 1.0 document still reads, its names read by `displacement.Hazard.parse`.
1.1 also adds keys and columns that 1.0 did not have (``measure``, ``term``, ``cause_kind``,
``via``, the cohorts' ``settlement``, ``in_camp`` and ``disability``).
1.2 (issue 17) adds a stock's ``as_of_precision`` (absent: ``day``, as every stock was before),
a population's ``shares`` (absent: no mix) and the category ``mixed``.
"""

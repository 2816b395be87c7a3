"""Documents in and out: one format a module.

- `displacement.io.json`: datasets and records as JSON documents, read with every error and its path.
- `displacement.io.schema`: the JSON Schema of those documents, generated from the model.
- `displacement.io.csv`: flat CSV files, one per record type, for spreadsheets and data frames.

``import displacement`` does not import these; import the module you need.
"""

from __future__ import annotations

__all__: list[str] = []

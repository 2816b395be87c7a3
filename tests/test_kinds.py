"""One registry of record kinds and one schema version, read by every module that needs them."""

from __future__ import annotations

import re
import typing
from pathlib import Path

import attrs
import pytest

import displacement
import displacement.io
from displacement import (
    RECORD_KINDS,
    RECORD_TYPES,
    TABLE_KINDS,
    Dataset,
    RecordKind,
    TableKind,
    cli,
    examples,
)
from displacement.errors import ValidationError
from displacement.io import csv, hxl, json

SOURCE = Path(displacement.__file__).parent


def test_the_registry_is_the_dataset_s_fields_in_order() -> None:
    assert RECORD_KINDS == ("sources", "actors", "events", "flows", "stocks")
    assert tuple(a.name for a in attrs.fields(Dataset) if a.init) == RECORD_KINDS
    assert typing.get_args(RecordKind) == RECORD_KINDS
    assert TABLE_KINDS == ("flows", "stocks")
    assert typing.get_args(TableKind) == TABLE_KINDS
    assert set(TABLE_KINDS) <= set(RECORD_KINDS)


def test_each_kind_s_class_is_the_item_type_of_its_dataset_field() -> None:
    fields = attrs.fields_dict(attrs.resolve_types(Dataset))
    assert tuple(RECORD_TYPES) == RECORD_KINDS
    for kind, cls in RECORD_TYPES.items():
        assert typing.get_args(fields[kind].type) == (cls, ...)
    with pytest.raises(TypeError):
        RECORD_TYPES["flows"] = str  # type: ignore[index]  # read-only


def test_every_module_that_names_kinds_uses_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert csv.KINDS is RECORD_KINDS  # the public alias
    assert hxl.Kind is TableKind
    ds = examples.kazakhstan_2022()
    written = [k for k in json.unstructure(ds) if k != "schema_version"]
    assert written == [k for k in RECORD_KINDS if getattr(ds, k)]
    assert repr(Dataset()) == "<Dataset: 0 sources, 0 actors, 0 events, 0 flows, 0 stocks>"
    with pytest.raises(SystemExit):
        cli.main(["convert", "--help"])
    assert f"--type {{{','.join(RECORD_KINDS)}}}" in capsys.readouterr().out
    assert cli.tables(Dataset()).splitlines()[0] == ", ".join(f"0 {k}" for k in RECORD_KINDS)


def test_arrow_kind_is_the_table_kind() -> None:
    arrow = pytest.importorskip("displacement.io.arrow", exc_type=ImportError)
    assert arrow.Kind is TableKind
    ds = examples.kazakhstan_2022()
    for kind in TABLE_KINDS:
        assert arrow.to_arrow(ds, kind=kind).schema.metadata[b"displacement.kind"] == kind.encode()


def test_no_module_spells_the_kinds_out_again() -> None:
    """The lists of kinds live in dataset.py only; a module that writes its own drifts from them."""
    spelled = re.compile(r"""["']sources["'],\s*["']actors["']|["']flows["'],\s*["']stocks["']""")
    found = [
        f"{path.relative_to(SOURCE)}:{n}"
        for path in sorted(SOURCE.rglob("*.py"))
        if path.name != "dataset.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if spelled.search(line)
    ]
    assert found == []


@pytest.mark.parametrize(
    ("call", "message"),
    [
        # totals are of flows, stocks or event figures (TotalKind); tables of flows or stocks
        (
            lambda: Dataset().total("events"),  # type: ignore[arg-type]
            "of: expected one of 'flows', 'stocks', 'figures', got 'events' (str)",
        ),
        (
            lambda: hxl.write_hxl(Dataset(), "never.csv", kind="events"),  # type: ignore[arg-type]
            "kind: expected 'flows' or 'stocks', got 'events' (str)",
        ),
    ],
)
def test_a_wrong_table_kind_is_refused_from_the_registry(
    call: typing.Callable[[], object], message: str
) -> None:
    with pytest.raises(ValidationError) as exc:
        call()
    assert str(exc.value) == message


def test_one_schema_version_for_the_document_family() -> None:
    assert displacement.io.SCHEMA_VERSION == "1.2"
    assert displacement.io.SUPPORTED_VERSIONS == ("1.0", "1.1", "1.2")
    assert json.SCHEMA_VERSION is displacement.io.SCHEMA_VERSION
    assert json.SUPPORTED_VERSIONS is displacement.io.SUPPORTED_VERSIONS
    assert json.unstructure(Dataset())["schema_version"] == displacement.io.SCHEMA_VERSION
    arrow = pytest.importorskip("displacement.io.arrow", exc_type=ImportError)
    assert arrow.SCHEMA_VERSION is displacement.io.SCHEMA_VERSION
    for schema in (arrow.FLOWS_SCHEMA, arrow.STOCKS_SCHEMA):
        assert schema.metadata[b"displacement.schema"] == b"1.2"

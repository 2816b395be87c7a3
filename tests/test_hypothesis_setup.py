"""The hypothesis hook: record kinds come from `dataset.RECORD_KINDS`, not a list of its own (issue 14)."""

from __future__ import annotations

import typing
from pathlib import Path

import attrs
from hypothesis import given
from hypothesis import strategies as st

import displacement as d
from displacement import _hypothesis

KIND_CLASSES = {
    kind: typing.get_args(attrs.fields_dict(attrs.resolve_types(d.Dataset))[kind].type)[0]
    for kind in d.RECORD_KINDS
}


def test_the_hook_lists_no_record_kind_by_hand() -> None:
    source = Path(_hypothesis.__file__).read_text(encoding="utf-8")
    for kind, cls in KIND_CLASSES.items():
        assert f'"{kind}"' not in source
        assert f".{cls.__name__}:" not in source


@given(st.data())
def test_every_record_kind_is_registered(data: st.DataObject) -> None:
    _hypothesis.setup()
    for cls in KIND_CLASSES.values():
        assert type(data.draw(st.from_type(cls))) is cls

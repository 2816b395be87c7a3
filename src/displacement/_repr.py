"""Private: how records and enums print (short, readable, and valid Python where possible)."""

from __future__ import annotations

from enum import StrEnum
from typing import Any

import attrs


class Choice(StrEnum):
    """Base of the library's enums: compares equal to its string value and prints as ``Kind.NAME``."""

    def __repr__(self) -> str:
        return f"{type(self).__name__}.{self._name_}"


def compact_repr(self: Any) -> str:
    """``Cls(positional, ..., keyword=value)`` showing only fields that differ from their defaults."""
    parts: list[str] = []
    for field in attrs.fields(type(self)):
        if not field.init:
            continue
        value = getattr(self, field.name)
        has_default = field.default is not attrs.NOTHING
        if has_default:
            factory = getattr(field.default, "factory", None)
            default = factory() if callable(factory) else field.default
            if value == default and type(value) is type(default):
                continue
        if field.kw_only or (has_default and len(parts) != _position(self, field)):
            parts.append(f"{field.alias}={value!r}")
        else:
            parts.append(repr(value))
    return f"{type(self).__name__}({', '.join(parts)})"


def _position(self: Any, target: attrs.Attribute[Any]) -> int:
    return [f.name for f in attrs.fields(type(self)) if f.init and not f.kw_only].index(target.name)

"""Frozen records: the data model as plain dataclasses, validated by pydantic at the edges.

The pack, the output contract and the wording model are declared once, as typed frozen
dataclasses with their constraints in `Annotated` metadata (`Limits`, `Checked`). Data that
comes from outside (pack files, the wording lexicon, a report read back) is validated by
pydantic through `Record.model_validate`; pydantic is imported then, and only then.

NOTE: why not pydantic models throughout: importing pydantic and building its model classes
cost a third of `claimcheck check`'s start-up, and validating every finding and wording the
engine makes itself bought nothing (the engine's own objects are typed, and mypy checks
them). A run on a cached engine never imports pydantic. The method names follow pydantic's
(`model_validate`, `model_dump`, `model_copy`) for the few it had that we use.
"""

from __future__ import annotations

import copy
import dataclasses
from collections.abc import Callable, Collection, Mapping
from datetime import date
from enum import Enum
from pathlib import PurePath
from typing import TYPE_CHECKING, Any, Literal, TypeVar

if TYPE_CHECKING:
    from pydantic import GetCoreSchemaHandler, TypeAdapter
    from pydantic_core import CoreSchema

__all__ = ["Checked", "Limits", "Record", "field_names"]

RecordT = TypeVar("RecordT", bound="Record")
DumpMode = Literal["python", "json"]


class Limits:
    """Constraints on a field (`Annotated[int, Limits(ge=0)]`), as pydantic's `Field` takes them.

    Applied when pydantic validates; defining a record does not import pydantic.
    """

    __slots__ = ("constraints",)

    def __init__(self, **constraints: Any) -> None:
        self.constraints = constraints

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from typing import Annotated

        from pydantic import Field

        return handler(Annotated[source, Field(**self.constraints)])


class Checked:
    """A check run on a field's value after its type (`Annotated[str, Checked(function)]`).

    The function returns the value or raises ValueError with a message for the pack author.
    """

    __slots__ = ("check",)

    def __init__(self, check: Callable[[Any], Any]) -> None:
        self.check = check

    def __get_pydantic_core_schema__(
        self, source: Any, handler: GetCoreSchemaHandler
    ) -> CoreSchema:
        from pydantic_core import core_schema

        return core_schema.no_info_after_validator_function(self.check, handler(source))


class Record:
    """Base of the frozen data classes: validation from data, dumps and copies.

    Subclasses are `@dataclass(frozen=True, kw_only=True)`. Unknown keys in validated data
    are errors.
    """

    __pydantic_config__ = {"extra": "forbid"}  # noqa: RUF012 - read by pydantic, never changed

    @classmethod
    def model_validate(cls: type[RecordT], data: Any) -> RecordT:
        """The record from plain data (mappings, lists, strings); pydantic's ValidationError."""
        validated: RecordT = _adapter(cls).validate_python(data)
        return validated

    @classmethod
    def model_validate_json(cls: type[RecordT], text: str | bytes) -> RecordT:
        """The record from JSON text (say, a report claimcheck wrote)."""
        import json

        return cls.model_validate(json.loads(text))

    def model_copy(self: RecordT, *, update: Mapping[str, Any] | None = None) -> RecordT:
        """A copy with some fields replaced, not checked again (as pydantic's)."""
        copied = copy.copy(self)
        for name, value in (update or {}).items():
            object.__setattr__(copied, name, value)  # NOTE: records are frozen
        return copied

    def model_dump(
        self,
        *,
        mode: DumpMode = "python",
        exclude: Collection[str] | None = None,
        exclude_none: bool = False,
    ) -> dict[str, Any]:
        """The record as a dict, nested records as dicts.

        In "json" mode only JSON types remain: enums become their values, tuples lists,
        dates ISO strings. `exclude` drops top-level fields; `exclude_none` drops None
        values at every level.
        """
        return _dump_record(
            self, frozenset(exclude or ()), as_json=mode == "json", exclude_none=exclude_none
        )

    def model_dump_json(self) -> str:
        """The record as compact JSON."""
        import json

        return json.dumps(self.model_dump(mode="json"), ensure_ascii=False, separators=(",", ":"))


_names: dict[type[Any], tuple[str, ...]] = {}
_adapters: dict[type[Any], TypeAdapter[Any]] = {}


def field_names(record: type[Any]) -> tuple[str, ...]:
    """The fields of a dataclass, in declaration order (inherited ones first)."""
    names = _names.get(record)
    if names is None:
        names = _names[record] = tuple(f.name for f in dataclasses.fields(record))
    return names


def _adapter(record: type[Any]) -> TypeAdapter[Any]:
    """Pydantic's validator of a record class, built on first use."""
    adapter = _adapters.get(record)
    if adapter is None:
        from pydantic import TypeAdapter

        adapter = _adapters[record] = TypeAdapter(record)
    return adapter


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _dump_record(
    record: Record, exclude: frozenset[str], *, as_json: bool, exclude_none: bool
) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in field_names(type(record)):
        if name in exclude:
            continue
        value = getattr(record, name)
        if value is None and exclude_none:
            continue
        if type(value) not in _PLAIN:  # NOTE: most fields are; skip the call for them
            value = _dump(value, as_json=as_json, exclude_none=exclude_none)
        data[name] = value
    return data


def _dump(value: Any, *, as_json: bool, exclude_none: bool) -> Any:
    if type(value) in _PLAIN:
        return value
    if isinstance(value, Record):
        return _dump_record(value, frozenset(), as_json=as_json, exclude_none=exclude_none)
    if isinstance(value, Enum):
        return value.value if as_json else value
    if isinstance(value, (tuple, list)):
        items = [_dump(item, as_json=as_json, exclude_none=exclude_none) for item in value]
        return items if as_json or isinstance(value, list) else tuple(items)
    if isinstance(value, dict):
        return {
            _dump(key, as_json=as_json, exclude_none=exclude_none): _dump(
                item, as_json=as_json, exclude_none=exclude_none
            )
            for key, item in value.items()
            if not (exclude_none and item is None)
        }
    if as_json and isinstance(value, date):
        return value.isoformat()
    if as_json and isinstance(value, PurePath):
        return str(value)
    return value

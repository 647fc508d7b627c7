"""Dataclass methods compiled once (`classcode`): the same classes, without compiling."""

from __future__ import annotations

import dataclasses
import marshal
from collections.abc import Iterator
from typing import Any

import pytest

from claimcheck import classcode


@pytest.fixture
def recording(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(classcode, "_known", {})
    monkeypatch.setattr(classcode, "_fresh", {})
    monkeypatch.setattr(dataclasses, "exec", classcode._exec, raising=False)
    yield


def define() -> type[Any]:
    @dataclasses.dataclass(frozen=True, kw_only=True, order=True)
    class Point:
        x: int
        y: int = 2
        tags: tuple[str, ...] = dataclasses.field(default_factory=tuple)

    return Point


def behaviour(point_class: type[Any]) -> list[Any]:
    """What a user of the class sees: construction, defaults, equality, order, hash, repr."""
    a, b = point_class(x=1), point_class(x=1, y=3, tags=("t",))
    with pytest.raises(dataclasses.FrozenInstanceError):
        a.x = 5
    with pytest.raises(TypeError):
        point_class(1)  # keyword-only
    return [repr(a), repr(b), a == point_class(x=1), a < b, hash(a) == hash(point_class(x=1))]


def test_stored_code_makes_the_same_class_without_compiling(
    recording: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    fresh = behaviour(define())
    stored = classcode.recorded()
    assert stored

    monkeypatch.setattr(classcode, "_known", {})
    assert classcode.install(stored)

    def no_compiling(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("compiled a stored text again")

    monkeypatch.setattr(classcode, "compile", no_compiling, raising=False)
    assert behaviour(define()) == fresh


def test_a_text_not_stored_is_compiled(recording: None) -> None:
    assert classcode.install(classcode.recorded()) is False  # nothing recorded yet
    assert behaviour(define())[2] is True
    assert classcode._fresh


@pytest.mark.parametrize(
    "stored",
    [
        b"",
        b"not marshal",
        None,
        "text",
        marshal.dumps({"x": 1}),
        marshal.dumps({1: marshal.dumps(compile("", "", "exec"))}),
        marshal.dumps({"x": compile("", "", "exec")}),
    ],
)
def test_anything_else_is_refused(recording: None, stored: Any) -> None:
    assert classcode.install(stored) is False
    assert classcode._known == {}


def test_a_stored_text_whose_code_is_broken_is_compiled_again(recording: None) -> None:
    fresh = behaviour(define())
    codes = marshal.loads(classcode.recorded())
    assert classcode.install(marshal.dumps({text: b"broken" for text in codes}))
    classcode._fresh.clear()
    assert behaviour(define()) == fresh
    assert set(classcode._fresh) == set(codes)  # compiled, and recorded for the next file

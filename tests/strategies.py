"""Hypothesis strategies for hostile input: any JSON, and ids that are sometimes fine,
sometimes too long, sometimes full of NULs and controls."""

from __future__ import annotations

from typing import Any

from hypothesis import strategies as st

SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=40),
)
ANY_JSON: st.SearchStrategy[Any] = st.recursive(
    SCALARS,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=12), inner, max_size=4)
    ),
    max_leaves=12,
)
NASTY_TEXT = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from("\x00\x01\n\t \u202e\ufeff")),
    max_size=300,
)


def ids(*good: str) -> st.SearchStrategy[Any]:
    """Mostly `good` ids; else long, nasty or not strings at all."""
    return st.one_of(
        st.sampled_from(good),
        st.sampled_from(good),
        st.text(min_size=60, max_size=260).map(lambda t: "X" * 60 + t),
        NASTY_TEXT,
        ANY_JSON,
    )


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    """A field that is there (usually) or left out (`OMIT`)."""
    return st.one_of(strategy, strategy, strategy, st.just(OMIT))


OMIT = object()


def without_omitted(fields: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in fields.items() if value is not OMIT}

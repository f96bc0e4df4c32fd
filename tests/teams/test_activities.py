"""An incoming activity is read (adapters/teams/activities.py) into exactly what msrest's
`Activity().deserialize` builds, or fails where that fails: for the shapes clients send,
and for any hostile variation of them."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from botbuilder.schema import Activity
from hypothesis import given, settings
from hypothesis import strategies as st
from msrest.serialization import Model

from adapters.teams.activities import read_activity
from tests.strategies import ANY_JSON, NASTY_TEXT
from tests.teams.test_fuzz import activities
from tests.teams.test_references import _shapes


def tree(value: Any) -> Any:
    """A model as comparable plain data: its class, every attribute (unknown fields kept in
    additional_properties included), recursively."""
    if isinstance(value, Model):
        fields = {name: tree(field) for name, field in vars(value).items()}
        return (type(value).__name__, fields)
    if isinstance(value, list):
        return [tree(item) for item in value]
    if isinstance(value, dict):
        return {key: tree(item) for key, item in value.items()}
    if isinstance(value, dt.datetime):
        return ("datetime", value.isoformat(), str(value.tzinfo))
    return (type(value).__name__, value)


def msrest_reads(body: Any) -> Any:
    try:
        return tree(Activity().deserialize(body))
    except Exception as error:  # what it raises is part of what must match
        return ("raised", type(error).__name__)


def we_read(body: Any) -> Any:
    try:
        return tree(read_activity(body))
    except Exception as error:
        return ("raised", type(error).__name__)


TEAMS = _shapes()["teams"]


def _more_shapes() -> dict[str, Any]:
    shapes: dict[str, Any] = dict(_shapes())
    shapes["mention, client info and a card's submit"] = {
        **TEAMS,
        "entities": [
            {
                "type": "mention",
                "mentioned": {"id": "28:bot", "name": "Coach"},
                "text": "<at>C</at>",
            },
            {"type": "clientInfo", "locale": "en-GB", "country": "GB", "platform": "Web"},
        ],
        "value": {"value": "done", "ref": "interview.3"},
        "channelData": {"tenant": {"id": "tenant-1"}, "source": {"name": "message"}},
        "attachments": [{"contentType": "text/html", "content": "<p>hi</p>"}],
    }
    shapes["timestamps, seven digits and an offset"] = {
        **TEAMS,
        "timestamp": "2026-11-30T12:00:00.1234567Z",
        "localTimestamp": "2026-11-30T13:00:00.123+01:00",
        "localTimezone": "Europe/London",
    }
    shapes["a timestamp that is not one"] = {**TEAMS, "timestamp": "yesterday"}
    shapes["a year past 9999"] = {**TEAMS, "timestamp": "10000-01-01T00:00:00Z"}
    shapes["booleans and numbers as strings"] = {
        **TEAMS,
        "conversation": {**TEAMS["conversation"], "isGroup": "true"},
        "text": 5,
        "historyDisclosed": "0",
    }
    shapes["a boolean that is not one"] = {
        **TEAMS,
        "conversation": {**TEAMS["conversation"], "isGroup": "maybe"},
    }
    shapes["an account that is a string"] = {**TEAMS, "from": "29:1abc"}
    shapes["a list that is an object"] = {**TEAMS, "entities": {"type": "mention"}}
    shapes["a list of strings where accounts go"] = {**TEAMS, "membersAdded": ["28:bot"]}
    shapes["suggested actions and reactions"] = {
        **TEAMS,
        "suggestedActions": {"to": ["29:1"], "actions": [{"type": "imBack", "value": "x"}]},
        "reactionsAdded": [{"type": "like"}],
        "textHighlights": [{"text": "x", "occurrence": "2"}],
    }
    shapes["a reply to a conversation reference"] = {
        **TEAMS,
        "relatesTo": {"activityId": "1", "user": {"id": "29:1"}, "conversation": {"id": "a:1"}},
    }
    shapes["objects of every kind"] = {
        **TEAMS,
        "channelData": {"a": [1, 2.5, None, True, {"b": "c"}], "d": 2**70},
        "value": [None, "x", {"y": [1]}],
    }
    shapes["empty"] = {}
    shapes["not an object"] = ["message"]
    return shapes


SHAPES = _more_shapes()


@pytest.mark.parametrize("shape", list(SHAPES))
def test_an_activity_reads_as_msrest_reads_it(shape: str) -> None:
    body = SHAPES[shape]
    assert we_read(body) == msrest_reads(body)


@settings(max_examples=300, deadline=None)
@given(
    body=st.one_of(
        activities("https://smba.trafficmanager.net/emea/"),
        st.dictionaries(
            st.sampled_from(sorted(key["key"] for key in Activity._attribute_map.values())),
            st.one_of(ANY_JSON, NASTY_TEXT),
            max_size=6,
        ),
    )
)
def test_any_hostile_activity_reads_as_msrest_reads_it(body: dict[str, Any]) -> None:
    assert we_read(body) == msrest_reads(body)

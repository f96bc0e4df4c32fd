"""An incoming activity, read into botbuilder's `Activity` as msrest reads it, faster.

`Activity().deserialize(body)` cost about 9% of a Teams turn: for every attribute of
every model it copies the attribute's description and runs msrest's key extractors (a
regular expression for flattened keys, which no Bot Framework schema model has), and it
builds a new deserializer, and the table of every model in `botbuilder.schema`, on
every call. `read_activity` walks the same attribute maps with one deserializer built
once, and leaves every value to msrest's own `deserialize_data` (strings, booleans,
dates, lists, free-form objects, nested models), so what comes out is what msrest would
build, unknown fields kept in `additional_properties` included.
tests/teams/test_activities.py checks that for every shape of activity we have seen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from azure.core.exceptions import DeserializationError
from botbuilder.schema import Activity
from msrest.serialization import Deserializer


@dataclass(frozen=True)
class _ModelShape:
    """What msrest reads of one model: each JSON key's attribute and type, every
    attribute (None where the key is missing), and the fields set after construction."""

    by_key: dict[str, tuple[str, str]]
    missing: dict[str, None]
    readonly: tuple[str, ...]
    not_constructed: frozenset[str]  # readonly, constant and subtype fields


_MsrestDeserializer: Any = Deserializer  # msrest's methods carry no type annotations


class _ActivityDeserializer(_MsrestDeserializer):  # type: ignore[misc]
    def __init__(self) -> None:
        # The models of botbuilder.schema, as Model.deserialize finds them on each call.
        super().__init__(Activity._infer_class_models())
        self._shapes: dict[type, _ModelShape | None] = {}

    def _deserialize(self, target_obj: Any, data: Any) -> Any:
        # msrest's own path for anything but a plain JSON object read into a model whose
        # keys are plain names (models given as instances, flattened keys, XML).
        if not isinstance(data, dict):
            return super()._deserialize(target_obj, data)
        model, _ = self._classify_target(target_obj, data)
        shape = self._shape(model)
        if shape is None:
            return super()._deserialize(target_obj, data)
        attributes = dict(shape.missing)
        try:
            for key, value in data.items():
                found = shape.by_key.get(key)
                if found is not None:
                    name, type_ = found
                    attributes[name] = self._value(value, type_)
        except (AttributeError, TypeError, KeyError) as error:
            raise DeserializationError(f"Unable to deserialize to object: {model}") from error
        additional = {key: data[key] for key in data.keys() - shape.by_key.keys()}
        return self._instantiate(model, shape, attributes, additional)

    def _instantiate(
        self, model: Any, shape: _ModelShape, attributes: dict[str, Any], additional: Any
    ) -> Any:
        """msrest's _instantiate_model, with what it works out on each call known."""
        kwargs = {k: v for k, v in attributes.items() if k not in shape.not_constructed}
        try:
            instance = model(**kwargs)
        except TypeError as error:
            raise DeserializationError(f"Unable to deserialize into model {model}") from error
        for name in shape.readonly:
            setattr(instance, name, attributes.get(name))
        if additional:
            instance.additional_properties = additional
        return instance

    def _value(self, value: Any, type_: str) -> Any:
        # What msrest's deserialize_data returns for a missing value (None) and for a
        # string read as a string (itself), without the calls through it.
        if value is None or (type_ == "str" and type(value) is str):
            return value
        return self.deserialize_data(value, type_)

    def _shape(self, model: Any) -> _ModelShape | None:
        if not isinstance(model, type):
            return None
        if model not in self._shapes:
            attribute_map: dict[str, dict[str, str]] = getattr(model, "_attribute_map", {})
            plain = bool(attribute_map) and all(
                "." not in desc["key"] and desc["key"] != "" and name != "additional_properties"
                for name, desc in attribute_map.items()
            )
            self._shapes[model] = _shape_of(model, attribute_map) if plain else None
        return self._shapes[model]


def _shape_of(model: Any, attribute_map: dict[str, dict[str, str]]) -> _ModelShape:
    validation = getattr(model, "_validation", {}) or {}
    readonly = tuple(k for k, v in validation.items() if v.get("readonly"))
    constant = {k for k, v in validation.items() if v.get("constant")}
    subtype = set(getattr(model, "_subtype_map", {}) or {})
    return _ModelShape(
        by_key={desc["key"]: (name, desc["type"]) for name, desc in attribute_map.items()},
        missing=dict.fromkeys(attribute_map),
        readonly=readonly,
        not_constructed=frozenset({*readonly, *constant, *subtype}),
    )


_DESERIALIZER = _ActivityDeserializer()


def read_activity(body: dict[str, Any]) -> Activity:
    """`body` as `Activity().deserialize(body)` reads it; raises msrest's
    DeserializationError (a ValueError) where that would."""
    activity: Activity = _DESERIALIZER._deserialize("Activity", body)
    return activity

"""Type navigation over the context schemas, for the static template check."""

from __future__ import annotations

import types
from typing import Union, get_args, get_origin

from pydantic import BaseModel


def _strip_optional(tp: object) -> object:
    if get_origin(tp) in (Union, types.UnionType):
        args = [a for a in get_args(tp) if a is not type(None)]
        return args[0] if len(args) == 1 else None
    return tp


def model_of(tp: object) -> type[BaseModel] | None:
    tp = _strip_optional(tp)
    return tp if isinstance(tp, type) and issubclass(tp, BaseModel) else None


def item_type(tp: object) -> object:
    """The element type of list[X] (X may be a model), else None."""
    tp = _strip_optional(tp)
    return get_args(tp)[0] if get_origin(tp) in (list, tuple) and get_args(tp) else None


def field_type(model: type[BaseModel], name: str) -> object:
    """The annotation of a field or computed field; None when the model has no such name."""
    if name in model.model_fields:
        return model.model_fields[name].annotation or object
    if name in model.model_computed_fields:
        return model.model_computed_fields[name].return_type
    return None

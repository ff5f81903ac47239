"""Field helpers shared by feature schemas, and the compiled dump every entity schema uses."""
from collections.abc import Mapping
from datetime import date

import marshmallow as ma
from marshmallow import validate
from marshmallow.utils import missing
from sqlalchemy.engine import Row

_PLAIN = {  # exact field classes whose _serialize is `None stays None, else this`
    ma.fields.Integer: int, ma.fields.Float: float, ma.fields.String: str,
}


def _field_plan(name, field):
    """(output key, attribute or None for a computed field, default, converter, field) for one field; None where
    marshmallow's own path must run."""
    if type(field).serialize is not ma.fields.Field.serialize:
        return None
    key = field.data_key if field.data_key is not None else name
    if not field._CHECK_ATTRIBUTE:  # Method / Function: no attribute, the field computes from the object
        return key, name, None, None, None, field
    attribute = field.attribute or name
    if "." in attribute:
        return None
    convert = _PLAIN.get(type(field))
    if type(field) is ma.fields.Integer and field.as_string:
        convert = None
    if type(field) is ma.fields.DateTime:
        convert = field.SERIALIZATION_FUNCS.get(field.format or field.DEFAULT_FORMAT)
    return key, name, attribute, field.dump_default, convert, field


class CompiledDumpSchema(ma.Schema):
    """`dump` through a per-instance plan built once from the declared fields: the same output as marshmallow's
    (same fields, defaults, data keys, Method fields), without its per-value call layers (issue #18: the list's
    20 rows x 19 fields). Schemas with dump hooks, a custom `get_attribute` or fields it cannot plan use
    marshmallow's own path; the declared fields stay the OpenAPI document.

    `COMPUTED_FROM` names the columns each Method/Function field reads, so a list can read just those columns as
    rows (core.pagination.listed_columns); a computed field not named there makes the list read the entity."""

    COMPUTED_FROM: dict[str, tuple[str, ...]] = {}

    def _dump_plan(self):
        plan = self.__dict__.get("_compiled_dump", missing)
        if plan is missing:
            plan = None
            if (not self._hooks[ma.decorators.PRE_DUMP] and not self._hooks[ma.decorators.POST_DUMP]
                    and type(self).get_attribute is ma.Schema.get_attribute and self.dict_class is dict):
                steps = [_field_plan(name, field) for name, field in self.dump_fields.items()]
                plan = None if any(step is None for step in steps) else tuple(steps)
            self.__dict__["_compiled_dump"] = plan
        return plan

    def _row_plan(self, plan, fields):
        """`plan` with each attribute replaced by its index in rows of these column names (-1: not a column)."""
        cache = self.__dict__.setdefault("_compiled_row_plans", {})
        row_plan = cache.get(fields)
        if row_plan is None:
            index = {name: i for i, name in enumerate(fields)}
            row_plan = cache[fields] = tuple(
                (key, name, None if attribute is None else index.get(attribute, -1), default, convert, field)
                for key, name, attribute, default, convert, field in plan)
        return row_plan

    @staticmethod
    def _dump_one(obj, plan, row=None):
        """marshmallow's Schema._serialize and Field.serialize for one object, flattened. `row`: the values of a Row
        of columns (a list page) as a tuple, `plan` then being its row plan (indexes, not names): a Row is read by
        position, ~20x faster than `Row._asdict()` and ~3x faster than getattr per field."""
        out = {}
        values = obj if row is None and isinstance(obj, Mapping) else None
        for key, name, attribute, default, convert, field in plan:
            if attribute is None:
                out[key] = field._serialize(None, name, obj)
                continue
            if row is not None:
                value = row[attribute] if attribute >= 0 else missing
            elif values is not None:
                value = values.get(attribute, missing)
            else:
                value = getattr(obj, attribute, missing)
            if value is missing:
                value = default() if callable(default) else default
                if value is missing:
                    continue
            if value is None:
                out[key] = field._serialize(None, name, obj)
            elif convert is not None:
                out[key] = value if type(value) is convert else convert(value)
            else:
                out[key] = field._serialize(value, name, obj)
        return out

    def _dump_rows(self, objs, plan):
        out, parent, row_plan = [], None, None
        for obj in objs:
            if isinstance(obj, Row):
                # the rows of one result share their metadata (`_parent`): look the names up once per result
                metadata = getattr(obj, "_parent", obj)
                if metadata is not parent:
                    parent, row_plan = metadata, self._row_plan(plan, obj._fields)
                out.append(self._dump_one(obj, row_plan, tuple(obj)))
            else:
                out.append(self._dump_one(obj, plan))
        return out

    def dump(self, obj, *, many=None):
        plan = self._dump_plan()
        if plan is None:
            return super().dump(obj, many=many)
        many = self.many if many is None else bool(many)
        if many and obj is not None:
            return self._dump_rows(obj, plan)
        return self._dump_rows((obj,), plan)[0]


def Name(max_len=100, **kwargs):  # noqa: N802 - reads like a field class
    return ma.fields.String(validate=validate.Length(min=1, max=max_len), **kwargs)


def Password(**kwargs):  # noqa: N802
    return ma.fields.String(validate=validate.Length(min=8, max=40), load_only=True, **kwargs)


class Email(ma.fields.Email):
    """An email normalised to lower case, at most 254 characters."""

    def __init__(self, **kwargs):
        super().__init__(validate=validate.Length(max=254), **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        return super()._deserialize(value, attr, data, **kwargs).strip().lower()


class EntitySchema(CompiledDumpSchema):
    """Columns every row exposes."""

    id = ma.fields.Integer(dump_only=True)
    created_at = ma.fields.DateTime(dump_only=True)
    updated_at = ma.fields.DateTime(dump_only=True)


MAX_ID = 2**31 - 1


def Id(**kwargs):  # noqa: N802
    """A reference to a row: a positive 32-bit integer."""
    return ma.fields.Integer(strict=False, validate=validate.Range(min=1, max=MAX_ID), **kwargs)


EARLIEST_DAY, LATEST_DAY = date(2000, 1, 1), date(2100, 12, 31)


def Day(**kwargs):  # noqa: N802
    """A calendar day a filter can use: 2000-01-01 to 2100-12-31 (a day past it would overflow the end bound)."""
    metadata = {"description": "", **kwargs.pop("metadata", {})}
    metadata["description"] = f"{metadata['description']} From {EARLIEST_DAY} to {LATEST_DAY}.".strip()
    return ma.fields.Date(validate=validate.Range(min=EARLIEST_DAY, max=LATEST_DAY), metadata=metadata, **kwargs)


class DateRangeArgs(ma.Schema):
    """`date_from` and `date_to` (both inclusive, UTC days); `date_from` must not be after `date_to`."""

    date_from = Day(metadata={"description": "On or after this day (UTC)."})
    date_to = Day(metadata={"description": "On or before this day (UTC); not before date_from."})

    @ma.validates_schema
    def _in_order(self, data, **kwargs):
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise ma.ValidationError({"date_from": ["Must not be after date_to"]})

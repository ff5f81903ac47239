"""Field helpers shared by feature schemas."""
from datetime import date

import marshmallow as ma
from marshmallow import validate


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


class EntitySchema(ma.Schema):
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

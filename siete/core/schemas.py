"""Field helpers shared by feature schemas."""
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

"""Zone schemas."""
import marshmallow as ma
from marshmallow import validate

from siete.core.pagination import ListArgsSchema, Sort
from siete.core.schemas import EntitySchema, Id, Name

COUNTRY = dict(validate=validate.Regexp(r"^[A-Z]{2}$", error="Use an ISO 3166-1 alpha-2 code, e.g. DO"))


class ZoneFields(ma.Schema):
    name = Name(150)
    country = ma.fields.String(**COUNTRY)
    state = Name(100)
    city = ma.fields.String(validate=validate.Length(max=100), allow_none=True)


class ZoneSchema(EntitySchema, ZoneFields):
    company_id = ma.fields.Integer(dump_only=True)


class ZoneCreateSchema(ZoneFields):
    name = Name(150, required=True)
    country = ma.fields.String(required=True, **COUNTRY)
    state = Name(100, required=True)
    company_id = Id(metadata={"description": "Superadmin only."})


SORTABLE = {"id", "name", "country", "state", "city", "created_at"}


class ZoneQueryArgsSchema(ListArgsSchema):
    sort = Sort(SORTABLE)
    country = ma.fields.String(**COUNTRY)
    state = ma.fields.String(validate=validate.Length(max=100))
    city = ma.fields.String(validate=validate.Length(max=100))


class IdListSchema(ma.Schema):
    """A full replacement set of ids."""

    ids = ma.fields.List(Id(), required=True,
                         validate=validate.Length(max=1000))

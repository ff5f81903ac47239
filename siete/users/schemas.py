"""User request and response schemas; role and company_id are checked by the service, not trusted."""
import marshmallow as ma
from marshmallow import validate

from siete.core.pagination import ListArgsSchema, Sort
from siete.core.roles import Role
from siete.core.schemas import Email, EntitySchema, Id, Name, Password
from siete.users.models import CIVIL_STATUSES, GENDERS, SOCIOECONOMIC_LEVELS

ROLE_FIELD = dict(validate=validate.OneOf([int(r) for r in Role]), metadata={"description": "0 superadmin, 1 admin, 2 manager, 3 shopper"})


class UserProfileFields(ma.Schema):
    first_name = Name()
    last_name = Name()
    phone = ma.fields.String(validate=validate.Length(max=40), allow_none=True)
    gender = ma.fields.String(validate=validate.OneOf(GENDERS), allow_none=True)
    birthdate = ma.fields.Date(allow_none=True)
    civil_status = ma.fields.String(validate=validate.OneOf(CIVIL_STATUSES), allow_none=True)
    socioeconomic = ma.fields.String(validate=validate.OneOf(SOCIOECONOMIC_LEVELS), allow_none=True)
    inclusivity = ma.fields.String(validate=validate.Length(max=100), allow_none=True)


class UserSchema(EntitySchema, UserProfileFields):
    email = ma.fields.String()
    role = ma.fields.Integer()
    company_id = ma.fields.Integer(allow_none=True)
    is_reviewer = ma.fields.Boolean(dump_only=True, metadata={"description": "Set by a superadmin (PUT .../reviewer)."})


class ReviewerSchema(ma.Schema):
    reviewer = ma.fields.Boolean(required=True)


class UserCreateSchema(UserProfileFields):
    first_name = Name(required=True)
    last_name = Name(required=True)
    email = Email(required=True)
    password = Password(required=True)
    role = ma.fields.Integer(load_default=int(Role.SHOPPER), **ROLE_FIELD)
    company_id = Id(
        allow_none=True, metadata={"description": "Superadmin only; others create users in their own company."}
    )


class UserUpdateSchema(UserProfileFields):
    email = Email()
    password = Password()
    role = ma.fields.Integer(**ROLE_FIELD)


SORTABLE = {"id", "first_name", "last_name", "email", "role", "created_at"}


class UserQueryArgsSchema(ListArgsSchema):
    sort = Sort(SORTABLE)
    role = ma.fields.Integer(**ROLE_FIELD)
    company_id = Id(metadata={"description": "Superadmin only."})

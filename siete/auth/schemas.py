"""Auth request and response schemas."""
import marshmallow as ma
from marshmallow import validate

from siete.core.schemas import Email, Name, Password
from siete.users.schemas import UserProfileFields


class LoginSchema(ma.Schema):
    email = Email(required=True)
    password = ma.fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=40))


class RegisterSchema(UserProfileFields):
    first_name = Name(required=True)
    last_name = Name(required=True)
    email = Email(required=True)
    password = Password(required=True)
    invite_code = ma.fields.String(
        required=True, load_only=True, validate=validate.Length(min=1, max=64),
        metadata={"description": "The company's invitation code, given by its admin."},
    )


class MessageSchema(ma.Schema):
    message = ma.fields.String()


class EmailConfirmationSchema(ma.Schema):
    token = ma.fields.String(required=True, validate=validate.Length(min=1, max=500))


class PasswordChangeSchema(ma.Schema):
    current_password = ma.fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=40))
    new_password = Password(required=True)


class TokenSchema(ma.Schema):
    access_token = ma.fields.String()
    refresh_token = ma.fields.String()
    token_type = ma.fields.String()
    expires_in = ma.fields.Integer()


class LogoutSchema(ma.Schema):
    refresh_token = ma.fields.String(
        load_default=None, validate=validate.Length(max=4096),
        metadata={"description": "Also revoke this refresh token."},
    )

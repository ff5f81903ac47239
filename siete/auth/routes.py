"""Auth endpoints (seed §6.1, §7)."""
from flask import current_app, redirect, request
from flask.views import MethodView
from flask_jwt_extended import current_user
from flask_limiter.util import get_remote_address

from siete.auth import service
from siete.auth.schemas import (
    EmailConfirmationSchema, LoginSchema, LogoutSchema, MessageSchema, PasswordChangeSchema, RegisterSchema,
    TokenSchema,
)
from siete.core.errors import Invalid
from siete.core.api import Blueprint
from siete.extensions import limiter
from siete.users.schemas import UserSchema
from siete.users.service import get_user

blp = Blueprint("auth", __name__, url_prefix="/api/v1/auth", description="Login, tokens and the current user")


@blp.after_request
def _never_cache(response):
    """Token answers must not stay in a browser or proxy cache."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Pragma"] = "no-cache"
    return response


def _login_email_key():
    body = request.get_json(silent=True)
    email = body.get("email") if isinstance(body, dict) else None
    return f"login-email:{str(email or '').strip().lower()[:254]}"


@blp.route("/login")
class Login(MethodView):
    decorators = [
        limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_CLIENT"], key_func=get_remote_address),
        limiter.limit(
            lambda: current_app.config["RATELIMIT_LOGIN_PER_EMAIL"],
            key_func=_login_email_key,
            deduct_when=lambda response: response.status_code == 401,
        ),
    ]

    @blp.arguments(LoginSchema)
    @blp.response(200, TokenSchema)
    @blp.alt_response(401, response="UNAUTHORIZED")
    @blp.alt_response(429, response="TOO_MANY_REQUESTS")
    def post(self, data):
        """Log in with email and password"""
        return service.login(data["email"], data["password"])


@blp.route("/register")
class Register(MethodView):
    decorators = [limiter.limit(lambda: current_app.config["RATELIMIT_LOGIN_PER_CLIENT"], key_func=get_remote_address)]

    @blp.arguments(RegisterSchema)
    @blp.response(202, MessageSchema)
    @blp.alt_response(403, response="FORBIDDEN")
    def post(self, data):
        """Register as a shopper with a company's invitation code; the account opens once its email is confirmed"""
        return service.register(data)


@blp.route("/confirm-email")
class ConfirmEmail(MethodView):
    @blp.arguments(EmailConfirmationSchema)
    @blp.response(200, TokenSchema)
    def post(self, data):
        """Confirm a registration with the token of its e-mail link, and log in"""
        return service.confirm_email(data["token"])

    @blp.arguments(EmailConfirmationSchema, location="query")
    @blp.response(303, description="To the console's sign-in page, saying whether the address was confirmed")
    def get(self, args):
        """The e-mail link itself: confirms the address, then opens the console"""
        try:
            service.confirm_email(args["token"])
            outcome = "confirmed"
        except Invalid:
            outcome = "invalid"
        return redirect(f"/login?email={outcome}", code=303)


@blp.route("/refresh")
class Refresh(MethodView):
    @blp.login_required(refresh=True, gate_payment=False)
    @blp.response(200, TokenSchema)
    def post(self):
        """Exchange a refresh token (as the bearer) for a new token pair"""
        return service.refresh(current_user)


@blp.route("/logout")
class Logout(MethodView):
    @blp.login_required(gate_payment=False)
    @blp.arguments(LogoutSchema, required=False)
    @blp.response(204)
    def post(self, data):
        """Revoke the access token and, if given, the refresh token"""
        service.logout(current_user, data.get("refresh_token"))


@blp.route("/me")
class Me(MethodView):
    @blp.login_required
    @blp.response(200, UserSchema)
    def get(self):
        """The current user's profile"""
        return get_user(current_user.id)


@blp.route("/me/password")
class MyPassword(MethodView):
    @blp.login_required(gate_payment=False)
    @blp.arguments(PasswordChangeSchema)
    @blp.response(200, TokenSchema)
    def put(self, data):
        """Change your own password: every earlier session ends, and this answer carries a new token pair"""
        return service.change_own_password(current_user.id, data["current_password"], data["new_password"])

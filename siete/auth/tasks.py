"""Registration mails, sent by a worker once the registration committed (never inside the request)."""
from celery import shared_task

from siete.core.after_commit import on_commit

MAIL_KEY = "siete_registration_mails"
RETRIES = 5


def _compose(user, kind):
    from flask import current_app

    from siete.auth.confirmation import confirmation_url

    hours = current_app.config["EMAIL_CONFIRM_HOURS"]
    if kind == "confirm":
        link = confirmation_url(user)
        return ("Confirma tu correo en Siete CX",
                f"Hola {user.first_name}:\n\nPara activar tu cuenta de Siete CX abre este enlace (vence en {hours} "
                f"horas):\n\n{link}\n\nSi no te registraste, ignora este mensaje.\n")
    login = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/"
    return ("Intento de registro con tu correo en Siete CX",
            f"Hola {user.first_name}:\n\nAlguien intentó crear una cuenta nueva de Siete CX con este correo, que ya "
            f"tiene una. Si fuiste tú, inicia sesión en {login} con tu contraseña de siempre. Si no fuiste tú, no "
            "tienes que hacer nada: tu cuenta no cambió.\n")


@shared_task(name="siete.auth.send_registration_mail", bind=True, max_retries=RETRIES, acks_late=True)
def send_registration_mail(self, user_id, kind):
    """`kind`: confirm (a new account's link) or already_registered (the address has an account)."""
    from siete.core import tenancy
    from siete.delivery.mail import MailError, send_mail
    from siete.extensions import db
    from siete.users.models import User

    with tenancy.system_scope():
        user = db.session.get(User, user_id)
        if user is None or user.deleted_at is not None:
            return None
        if kind == "confirm" and user.email_confirmed_at is not None:
            return None  # already confirmed: a redelivered task sends nothing
        subject, text = _compose(user, kind)
        address = user.email
    try:
        return send_mail(address, subject, text).channel
    except MailError as err:
        if err.transient:
            raise self.retry(exc=err, countdown=min(30 * 2 ** self.request.retries, 900))
        raise


def queue_registration_mail(session, user_id, kind):
    """Sent only if the registration commits."""
    from siete.core.after_commit import defer

    defer(session, MAIL_KEY, [(user_id, kind)])


on_commit(MAIL_KEY, lambda items: [send_registration_mail.delay(user_id, kind) for user_id, kind in items])

"""Account mails (confirm a registration; this address already has an account), sent by a worker once the
request that asked for them committed (never inside the request)."""
from celery import shared_task

from siete.core.after_commit import on_commit

MAIL_KEY = "siete_account_mails"
RETRIES = 5


def _compose(user, kind):
    from flask import current_app

    from siete.users.confirmation import confirmation_url

    hours = current_app.config["EMAIL_CONFIRM_HOURS"]
    if kind == "confirm":
        link = confirmation_url(user)
        return ("Confirma tu correo en Siete CX",
                f"Hola {user.first_name}:\n\nPara activar tu cuenta de Siete CX abre este enlace (vence en {hours} "
                f"horas):\n\n{link}\n\nSi no te registraste, ignora este mensaje.\n")
    login = f"{current_app.config['PUBLIC_URL'].rstrip('/')}/"
    return ("Intento de crear una cuenta con tu correo en Siete CX",
            f"Hola {user.first_name}:\n\nAlguien intentó crear una cuenta nueva de Siete CX con este correo, que ya "
            f"tiene una (por registro o por el administrador de otra empresa). Si fuiste tú, inicia sesión en {login} "
            "con tu contraseña de siempre. Si no, no tienes que hacer nada: tu cuenta no cambió.\n")


@shared_task(name="siete.users.send_account_mail", bind=True, max_retries=RETRIES, acks_late=True)
def send_account_mail(self, user_id, kind):
    """`kind`: confirm (a new account's link) or already_registered (the address has an account)."""
    from siete.core import tenancy
    from siete.core.mail import MailError, send_mail
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


def queue_account_mail(session, user_id, kind):
    """Sent only if the request that asks for it commits."""
    from siete.core.after_commit import defer

    defer(session, MAIL_KEY, [(user_id, kind)])


on_commit(MAIL_KEY, lambda items: [send_account_mail.delay(user_id, kind) for user_id, kind in items])

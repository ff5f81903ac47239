"""Platform tasks that belong to no feature."""
from celery import shared_task


@shared_task(name="siete.ping", ignore_result=False)
def ping():
    """Proves a worker is consuming and can reach the app context."""
    from flask import current_app

    return {"pong": True, "app": current_app.name}

"""The golden-set check of a prompt version, in a worker (it calls the analyzer once per reviewed evaluation, twice)."""
from celery import shared_task
from sqlalchemy import select

from siete.core import tenancy
from siete.extensions import db


@shared_task(name="siete.prompts.run_activation_check", acks_late=True)
def run_activation_check(check_id):
    """Compare the active and the candidate prompt on the company's reviewed evaluations, then activate or refuse."""
    from siete.prompts import gate
    from siete.prompts.models import ActivationCheck

    with tenancy.system_scope():
        company_id = db.session.scalar(select(ActivationCheck.company_id).where(ActivationCheck.id == check_id))
        db.session.commit()
    if company_id is None:
        return None
    with tenancy.tenant_scope(company_id):
        check = gate.run(check_id)
        return check.status if check else None

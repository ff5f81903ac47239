"""Thin delivery tasks: send one message (retried with backoff by the service's verdict), sweep lost ones."""
from celery import shared_task

from siete.delivery import service


@shared_task(name="siete.delivery.send", bind=True, acks_late=True, reject_on_worker_lost=True,
             soft_time_limit=120, time_limit=150)
def send_delivery(self, delivery_id):
    """The task id survives a redelivery, so a killed worker's claim is taken over at once."""
    retry_in = service.send(delivery_id, self.request.id)
    if retry_in is not None:
        raise self.retry(countdown=retry_in, max_retries=None)


@shared_task(name="siete.delivery.sweep")
def sweep_deliveries():
    return service.sweep()

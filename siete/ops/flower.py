"""Flower 2.2 serves its Prometheus `/metrics` to anyone; behind its own basic auth (or OAuth) it must not."""
import tornado.web
from flower.views.monitor import Metrics


def protect_metrics():
    """Make `/metrics` answer 401 without the credentials the rest of Flower asks for."""
    if getattr(Metrics.get, "siete_protected", False):
        return
    unguarded = Metrics.get

    async def get(self):
        options = self.application.options
        if (options.basic_auth or options.auth) and not self.get_current_user():
            raise tornado.web.HTTPError(401)
        return await unguarded(self)

    get.siete_protected = True
    Metrics.get = get

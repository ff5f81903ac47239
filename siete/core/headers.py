"""Response headers every answer carries: no MIME sniffing, and HSTS once the request arrived over TLS."""
HSTS = "max-age=31536000; includeSubDomains"


def init_security_headers(app):
    """`request.is_secure` is true behind TLS-terminating proxies only when TRUSTED_PROXY_HOPS believes them."""
    from flask import request

    @app.after_request
    def _security_headers(response):
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        if request.is_secure:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response

"""The app's JSON provider: orjson (issue #18: the stdlib encoder was 6 % of a list request), same output rules."""
import json

import orjson
from flask.json.provider import DefaultJSONProvider

# Keys sorted as Flask sorts them; dates, datetimes and dataclasses go through Flask's own conversion (HTTP dates,
# asdict), so a response is what DefaultJSONProvider gave, in UTF-8 instead of \u escapes.
_OPTIONS = (orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS | orjson.OPT_PASSTHROUGH_DATETIME
            | orjson.OPT_PASSTHROUGH_DATACLASS)


class OrjsonProvider(DefaultJSONProvider):
    """orjson for compact output; the stdlib for what orjson refuses (integers past 64 bits, indent in debug)."""

    def _orjson(self, obj):
        return orjson.dumps(obj, default=self.default, option=_OPTIONS)

    def dumps(self, obj, **kwargs):
        if not kwargs or set(kwargs) <= {"separators"}:
            try:
                return self._orjson(obj).decode()
            except TypeError:
                pass
        return super().dumps(obj, **kwargs)

    def loads(self, s, **kwargs):
        """orjson first; the stdlib's wider grammar (NaN, integers past 64 bits) decides what orjson rejects, so a
        body the schemas used to answer with field errors still gets them."""
        if not kwargs:
            try:
                return orjson.loads(s)
            except orjson.JSONDecodeError:
                pass
        return json.loads(s, **kwargs)

    def response(self, *args, **kwargs):
        if (self.compact is None and self._app.debug) or self.compact is False:
            return super().response(*args, **kwargs)
        obj = self._prepare_response_obj(args, kwargs)
        try:
            body = self._orjson(obj) + b"\n"
        except TypeError:
            return super().response(*args, **kwargs)
        return self._app.response_class(body, mimetype=self.mimetype)

"""Keep credentials out of everything summbench writes.

API keys are only ever read from environment variables (``api_key_env``), never from configs,
so they cannot reach a results file. A URL can still carry a secret, in its user info
(``https://user:pass@host``) or its query (``?api_key=...``); :func:`redact` replaces those
parts with ``***`` in any string, and :func:`redact_all` in any JSON-like value.
"""

from __future__ import annotations

import re
from typing import Any

# user:password@ in a URL (the user name alone is kept: it is not a secret by itself).
_USERINFO = re.compile(r"(?P<scheme>[a-zA-Z][a-zA-Z0-9+.-]*://)(?P<user>[^/@:\s]*):[^/@\s]*@")
# Query or fragment parameters whose names say they are secret.
_SECRET_PARAM = re.compile(
    r"(?P<name>[?&#;](?:[\w.-]*(?:key|token|secret|password|passwd|pwd|auth|sig|signature|"
    r"credential)[\w.-]*))=(?P<value>[^&#\s'\"]*)",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """``text`` with URL passwords and secret-looking query values replaced by ``***``."""
    text = _USERINFO.sub(lambda m: f"{m['scheme']}{m['user']}:***@", text)
    return _SECRET_PARAM.sub(lambda m: f"{m['name']}=***", text)


def redact_all(value: Any) -> Any:
    """:func:`redact` applied to every string in a JSON-like value."""
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, dict):
        return {redact_all(k): redact_all(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [redact_all(v) for v in value]
    return value

"""The webhook signature: HMAC-SHA256, keyed with the subscription's secret, over the
timestamp, a full stop and the exact body (docs/operators/webhooks.md).

The same scheme signs the subscriber's own calls to our API, in the other direction."""

import hashlib
import hmac

SIGNATURE_HEADER = "X-Caution-Signature"
TIMESTAMP_HEADER = "X-Caution-Timestamp"
EVENT_HEADER = "X-Caution-Event"
EVENT_ID_HEADER = "X-Caution-Event-Id"
SUBSCRIPTION_HEADER = "X-Caution-Subscription"
# A signed request older or newer than this is refused: a captured one cannot be replayed.
REPLAY_WINDOW_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    signed = f"{timestamp}.".encode() + body
    return "sha256=" + hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()


def signature_valid(secret: str, timestamp: str, given: str, body: bytes, *, now: float) -> bool:
    """Whether `given` signs `body` at `timestamp`, within the replay window of `now`."""
    try:
        moment = int(timestamp)
    except (TypeError, ValueError):
        return False
    if abs(now - moment) > REPLAY_WINDOW_SECONDS:
        return False
    return hmac.compare_digest(signature(secret, moment, body), given or "")

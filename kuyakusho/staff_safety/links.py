"""The reply link in each safety message: signed, unguessable, valid only for its round.

Token = django.core.signing.Signer (HMAC-SHA256 with SECRET_KEY, its own salt) over
"<round id>.<recipient id>.<link key>", where the link key is 22 random characters stored
on the recipient row. Why signed rather than a random token stored hashed:

- the link must be written into up to thousands of mails in a few seconds and again into each
  reminder; with a signature the sending task computes it from the row (about 10 µs) and
  nothing secret is stored: a copy of the database alone opens no reply form;
- the random link key still lets one link be withdrawn (a new key) without touching the others,
  and makes two links of the same person differ from round to round;
- the signature is checked first, so a forged or truncated token never reaches the database;
  then the row must exist, belong to the signed round and hold the same key (compared in
  constant time). Rotating SECRET_KEY ends every outstanding link (SECRET_KEY_FALLBACKS keeps
  them working during a rotation).

Expiry is not in the token: a link works while its round is open and for
`STAFF_SAFETY_LINK_GRACE_SECONDS` after it was closed (so that a form opened just before
closing is not lost), and never afterwards. The token appears only in the mail and in the
reply page's own URL; it is never logged or written to the audit log.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.crypto import constant_time_compare, get_random_string

from .models import Recipient, Round

SALT = "kuyakusho.staff_safety.reply"
KEY_LENGTH = 22  # 62**22 ≈ 2**131
MAX_TOKEN_LENGTH = 200
_signer = signing.Signer(salt=SALT, sep=".")


def new_link_key() -> str:
    return get_random_string(KEY_LENGTH)


def make_token(round_id: int, recipient_id: int, link_key: str) -> str:
    return _signer.sign(f"{round_id}.{recipient_id}.{link_key}")


def reply_path(token: str) -> str:
    return reverse("staff_safety:reply", args=[token])


def reply_url(token: str) -> str:
    return settings.SITE_URL + reply_path(token)


def reply_url_maker():  # type: ignore[no-untyped-def]
    """reply_url for many tokens at once: the URL is resolved once, not per recipient."""
    marker = "KUYAKUSHOTOKENMARK"
    head, tail = reply_url(marker).split(marker)
    return lambda token: f"{head}{token}{tail}"


@dataclass(frozen=True)
class LinkState:
    """What a token opens: nothing (`recipient` None), or a recipient whose round may have
    ended (`accepts_replies` False)."""

    recipient: Recipient | None
    accepts_replies: bool


INVALID = LinkState(None, False)


def round_accepts_replies(round_: Round, now=None) -> bool:  # type: ignore[no-untyped-def]
    if round_.is_open:
        return True
    now = now or timezone.now()
    grace = timedelta(seconds=settings.STAFF_SAFETY_LINK_GRACE_SECONDS)
    return round_.closed_at is not None and now <= round_.closed_at + grace


def resolve(token: str) -> LinkState:
    """The recipient a token belongs to, or INVALID for anything forged, truncated or
    withdrawn. Never raises."""
    if not isinstance(token, str) or not token.isascii() or len(token) > MAX_TOKEN_LENGTH:
        return INVALID
    try:
        value = _signer.unsign(token)
    except signing.BadSignature:
        return INVALID
    parts = value.split(".")
    if len(parts) != 3 or not parts[0].isdigit() or not parts[1].isdigit():
        return INVALID
    round_id, recipient_id, key = int(parts[0]), int(parts[1]), parts[2]
    recipient = (
        Recipient.objects.select_related("round").filter(pk=recipient_id, round_id=round_id).first()
    )
    if recipient is None or not constant_time_compare(recipient.link_key, key):
        return INVALID
    return LinkState(recipient, round_accepts_replies(recipient.round))

"""Channel registry. Adding a channel is one new class decorated with @register."""

from .base import (
    REGISTRY,
    Channel,
    Outcome,
    PreviewPart,
    get_channel,
    recipient_channels,
    register,
)
from .email import EmailChannel
from .feed import FeedChannel
from .inbox import InboxChannel
from .webhook import WebhookChannel

__all__ = [
    "REGISTRY",
    "Channel",
    "EmailChannel",
    "FeedChannel",
    "InboxChannel",
    "Outcome",
    "PreviewPart",
    "WebhookChannel",
    "get_channel",
    "recipient_channels",
    "register",
]

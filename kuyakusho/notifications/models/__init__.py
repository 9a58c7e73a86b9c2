from .delivery import Delivery, DeliveryStatus
from .messages import Message, MessageStatus, MessageTranslation
from .subscribers import Area, Digest, Subscriber, Topic, WebhookEndpoint

__all__ = [
    "Area",
    "Delivery",
    "DeliveryStatus",
    "Digest",
    "Message",
    "MessageStatus",
    "MessageTranslation",
    "Subscriber",
    "Topic",
    "WebhookEndpoint",
]

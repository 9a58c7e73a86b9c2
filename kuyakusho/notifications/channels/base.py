from __future__ import annotations

from abc import ABC, abstractmethod
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from django.utils.translation import gettext as _

if TYPE_CHECKING:
    from ..content import MessageTexts
    from ..models import Delivery


@dataclass(frozen=True)
class Outcome:
    """What happened to one delivery: sent, a temporary failure (retry later) or permanent."""

    delivery_id: int
    sent: bool
    permanent: bool = False
    error: str = ""


@dataclass(frozen=True)
class PreviewPart:
    """One piece of what a recipient gets, shown to staff before sending. `kind` says how the
    staff page shows it: "text" as plain preformatted text, "code" as source code (JSON, XML),
    "html" rendered inside a sandboxed frame (and as source), "fields" as name/value pairs."""

    label: str
    kind: Literal["text", "code", "html", "fields"]
    text: str = ""
    items: tuple[tuple[str, str], ...] = ()


class Channel(ABC):
    code: ClassVar[str]
    label: ClassVar[Any]  # a lazily translated name
    # Recipient channels create one Delivery per subscriber; broadcast channels (the Atom
    # feed) are read by anyone and need no delivery rows.
    per_subscriber: ClassVar[bool] = True
    per_endpoint: ClassVar[bool] = False
    # Longest body (characters) the channel accepts; longer messages are refused before sending.
    max_body_chars: ClassVar[int | None] = None
    # Whether a subscriber without an account can use it.
    needs_account: ClassVar[bool] = False

    @abstractmethod
    def send(self, deliveries: list[Delivery], texts: MessageTexts) -> list[Outcome]:
        """Deliver a batch; return one Outcome per delivery."""

    def preview(self, texts: MessageTexts, language: str) -> list[PreviewPart]:
        """What a reader of `language` gets through this channel. The default shows the
        subject and the plain text; channels whose output differs override it."""
        text = texts.for_language(language)
        return [
            PreviewPart(_("件名"), "text", text=text.subject),
            PreviewPart(_("本文"), "text", text=text.body_text),
        ]

    def close(self) -> None:  # noqa: B027 - optional hook; most channels hold no connection
        """Release connections kept open across batches."""


REGISTRY: dict[str, type[Channel]] = {}


def register(channel: type[Channel]) -> type[Channel]:
    REGISTRY[channel.code] = channel
    return channel


def get_channel(code: str) -> Channel:
    return REGISTRY[code]()


def recipient_channels() -> list[type[Channel]]:
    return [c for c in REGISTRY.values() if c.per_subscriber]

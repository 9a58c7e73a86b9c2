from .alerts import (
    CERTAINTIES,
    SEVERITIES,
    URGENCIES,
    Alert,
    AlertKind,
    AlertPolicy,
    AlertState,
    AlertText,
    JmaMessage,
    MessageType,
)

__all__ = [
    "CERTAINTIES",
    "SEVERITIES",
    "URGENCIES",
    "Alert",
    "AlertKind",
    "AlertPolicy",
    "AlertState",
    "AlertText",
    "JmaMessage",
    "MessageType",
]

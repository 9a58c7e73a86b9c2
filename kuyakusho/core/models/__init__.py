from .audit import AuditChainHead, AuditRecord
from .mail import OutboxMessage
from .scheduler import ScheduledJob
from .search import SearchDocument
from .ward import Department, WardProfile
from .worker import WorkerHeartbeat

__all__ = [
    "AuditChainHead",
    "AuditRecord",
    "Department",
    "OutboxMessage",
    "ScheduledJob",
    "SearchDocument",
    "WardProfile",
    "WorkerHeartbeat",
]

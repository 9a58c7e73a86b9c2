from .events import Event, EventStatus, local_zone
from .groups import Group, GroupManager, GroupStatus
from .signups import ACTIVE, Signup, SignupStatus
from .taxonomy import Category, EventArea

__all__ = [
    "ACTIVE",
    "Category",
    "Event",
    "EventArea",
    "EventStatus",
    "Group",
    "GroupManager",
    "GroupStatus",
    "Signup",
    "SignupStatus",
    "local_zone",
]

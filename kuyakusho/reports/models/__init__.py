from .categories import Category, CategoryAttribute, ResponseTemplate, StateLabel
from .integrators import ApiKey
from .reports import Follower, Report, ReporterContact, ReportPhoto, ReportUpdate

__all__ = [
    "ApiKey",
    "Category",
    "CategoryAttribute",
    "Follower",
    "Report",
    "ReportPhoto",
    "ReportUpdate",
    "ReporterContact",
    "ResponseTemplate",
    "StateLabel",
]

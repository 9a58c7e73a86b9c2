from .content import Answer, AnswerStatus, AnswerTranslation, Category
from .feedback import Feedback, ZeroResultQuery
from .inquiries import Inquiry, InquiryReply, InquiryStatus

__all__ = [
    "Answer",
    "AnswerStatus",
    "AnswerTranslation",
    "Category",
    "Feedback",
    "Inquiry",
    "InquiryReply",
    "InquiryStatus",
    "ZeroResultQuery",
]

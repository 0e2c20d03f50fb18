from .attachment import Attachment
from .case import Case, CaseStatus, Channel, ReferenceCounter
from .customer import Customer
from .event import CaseEvent, EventKind
from .link import LINK_REVERSE_LABELS, CaseLink, CaseLinkKind
from .presence import CasePresence
from .search import CaseSearchDocument
from .service import Service
from .task import CaseTask

__all__ = [
    "Attachment",
    "Case",
    "CaseEvent",
    "CaseLink",
    "CaseLinkKind",
    "LINK_REVERSE_LABELS",
    "CasePresence",
    "CaseSearchDocument",
    "CaseStatus",
    "CaseTask",
    "Channel",
    "Customer",
    "EventKind",
    "ReferenceCounter",
    "Service",
]

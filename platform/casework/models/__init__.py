from .attachment import SERVABLE, Attachment, ScanStatus
from .case import Case, CaseStatus, Channel, ReferenceCounter
from .customer import Customer
from .event import CaseEvent, EventKind
from .presence import CasePresence
from .search import CaseSearchDocument
from .service import Service
from .task import CaseTask

__all__ = [
    "Attachment",
    "Case",
    "CaseEvent",
    "CasePresence",
    "CaseSearchDocument",
    "CaseStatus",
    "CaseTask",
    "Channel",
    "Customer",
    "EventKind",
    "ReferenceCounter",
    "SERVABLE",
    "ScanStatus",
    "Service",
]

from .attachment import SERVABLE, Attachment, ScanStatus
from .case import Case, CaseStatus, Channel, ReferenceCounter
from .customer import Customer
from .data_protection import CaseAccess, DataProtectionRecord
from .event import CaseEvent, EventKind
from .link import LINK_REVERSE_LABELS, CaseLink, CaseLinkKind
from .presence import CasePresence
from .search import CaseSearchDocument
from .service import Service
from .task import CaseTask

__all__ = [
    "Attachment",
    "Case",
    "CaseAccess",
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
    "DataProtectionRecord",
    "EventKind",
    "ReferenceCounter",
    "SERVABLE",
    "ScanStatus",
    "Service",
]

from initiatives.models.annual import AnnualReportFile, ProcessedDeclaration
from initiatives.models.initiative import (
    Attachment,
    CoInitiator,
    Initiative,
    InitiativeQuerySet,
    NoticeProgress,
    NoticeState,
    ReferenceCounter,
)
from initiatives.models.outbox import OutboxMessage

__all__ = [
    "AnnualReportFile",
    "Attachment",
    "CoInitiator",
    "Initiative",
    "InitiativeQuerySet",
    "NoticeProgress",
    "NoticeState",
    "OutboxMessage",
    "ProcessedDeclaration",
    "ReferenceCounter",
]

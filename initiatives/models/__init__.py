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

__all__ = [
    "AnnualReportFile",
    "Attachment",
    "CoInitiator",
    "Initiative",
    "InitiativeQuerySet",
    "NoticeProgress",
    "NoticeState",
    "ProcessedDeclaration",
    "ReferenceCounter",
]

from initiatives.models.initiative import (
    Attachment,
    CoInitiator,
    Initiative,
    InitiativeQuerySet,
    NoticeState,
    ReferenceCounter,
)
from initiatives.models.outbox import OutboxMessage

__all__ = [
    "Attachment",
    "CoInitiator",
    "Initiative",
    "InitiativeQuerySet",
    "NoticeState",
    "OutboxMessage",
    "ReferenceCounter",
]

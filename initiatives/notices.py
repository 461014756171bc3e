"""What the outcome of a notice's email means for its initiative (registered with the outbox, osallisuus.outbox).

A notice to the initiator counts as sent when the mail server accepts its email (Initiative.Notice); a notice whose
email a person gave up is to be sent as a letter: the initiative still awaits its notice, the letter is printed from
the staff page, and the notice counts as sent on the day the letter was posted."""

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from initiatives.models import Initiative
from initiatives.models.initiative import Notice
from osallisuus.history import save_with_history
from osallisuus.models import OutboxMessage, User
from osallisuus.outbox import on_outcome


def _initiative_awaiting(message: OutboxMessage) -> tuple[Initiative, Notice] | None:
    """The initiative a notice's message is about, locked, with the fields of that notice; None when the message
    is about no initiative any more or its notice was already given."""
    fields = Initiative.NOTICES[message.kind]
    if (initiative_id := message.about_row_of(Initiative)) is None:
        return None
    initiative = Initiative.objects.select_for_update().filter(pk=initiative_id).first()
    if initiative is None or getattr(initiative, fields.given) is not None:
        return None
    return initiative, fields


def notice_delivered(message: OutboxMessage) -> None:
    """The delivery time becomes the initiative's notice time, unless the notice was already given (its letter
    recorded as posted first). Written with a history row of its own; no person did it."""
    if (awaiting := _initiative_awaiting(message)) is None:
        return
    initiative, fields = awaiting
    setattr(initiative, fields.given, message.sent_at)
    setattr(initiative, fields.method, Initiative.DeliveryMethod.EMAIL)
    with translation.override(settings.LANGUAGE_CODE):
        reason = (
            _("One-month notice delivered by email")
            if message.kind == OutboxMessage.Kind.NOTICE
            else _("Final notice delivered by email")
        )
    save_with_history(initiative, user=None, reason=reason, update_fields=[fields.given, fields.method], validate=False)


def notice_given_up(message: OutboxMessage, user: User) -> None:
    """The notice is to be sent as a letter."""
    if (awaiting := _initiative_awaiting(message)) is None:
        return
    initiative, fields = awaiting
    setattr(initiative, fields.method, Initiative.DeliveryMethod.LETTER)
    save_with_history(
        initiative,
        user=user,
        reason=_("Email of the notice given up: to be sent as a letter"),
        update_fields=[fields.method],
        validate=False,
    )


def register_notice_outcomes() -> None:
    for kind in Initiative.NOTICES:
        on_outcome(OutboxMessage.Kind(kind), delivered=notice_delivered, given_up=notice_given_up)

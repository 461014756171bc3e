"""The inventory of personal data the portal holds: what, why (legal basis), who sees it and how long it is kept.

One source for two readers: the privacy notice /tietosuoja/ (GDPR art. 13 and 14) renders these items, and
tests/privacy/test_inventory.py checks them against the models, so every model field that holds personal data is
named here (`fields`, as "app_label.Model.field") or in `NOT_PERSONAL` with the reason it is not. Where a retention
rule removes the data, `days_setting` names the setting and the notice states its current value; the rules
themselves are initiatives.retention and bodies.retention, run by `manage.py apply_retention`.

History rows (django-simple-history) hold the same fields as their models and are cleaned by the same rules. Among
staff, who sees an initiator's contact details (the contact fields, the emails' addresses and error texts, the
attachments, the letters) is decided in one place, initiatives.permissions.can_see_contact_details.
"""

from dataclasses import dataclass, field

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy


@dataclass(frozen=True)
class Section:
    key: str
    title: Promise


@dataclass(frozen=True)
class Item:
    """One kind of personal data. `how_long` is a plural-aware lazy text taking `days` when `days_setting` is set."""

    key: str
    section: str
    title: Promise
    what: Promise
    why: Promise
    who: Promise
    how_long: Promise
    days_setting: str = ""
    fields: tuple[str, ...] = field(default=())

    @property
    def days(self) -> int | None:
        return getattr(settings, self.days_setting) if self.days_setting else None

    @property
    def how_long_text(self) -> str:
        """The retention time with the setting's current value filled in."""
        if self.days is None:
            return str(self.how_long)
        return self.how_long % {"days": self.days}


SECTIONS = (
    Section("initiatives", _("Initiatives")),
    Section("bodies", _("Advisory bodies")),
    Section("feedback", _("Accessibility feedback")),
    Section("staff", _("Staff users")),
    Section("requests", _("Requests to see your data")),
)

ITEMS = (
    Item(
        key="initiator",
        section="initiatives",
        title=_("The initiator"),
        what=_(
            "Your name, your home municipality and what makes you a member of the county (for example a property "
            "you own or a service you use), and whether your name may be published."
        ),
        why=_(
            "To handle your initiative and tell you what was done. The Act on Wellbeing Services Counties "
            "(611/2021, section 30) requires the initiator's grounds of membership. Legal basis: a legal "
            "obligation and a task carried out in the public interest (GDPR article 6(1)(c) and (e))."
        ),
        who=_(
            "The registry and the staff who handle the initiative; the HYTE unit also sees the name. "
            "Your name is published on the web only if you allowed it."
        ),
        how_long=ngettext_lazy(
            "Your grounds of membership are removed %(days)s day after both have happened: you were sent the "
            "final notice and the initiative was declared fully processed. Your name is removed then too, unless "
            "it was published with your consent.",
            "Your grounds of membership are removed %(days)s days after both have happened: you were sent the "
            "final notice and the initiative was declared fully processed. Your name is removed then too, unless "
            "it was published with your consent.",
            "days",
        ),
        days_setting="RETENTION_INITIATOR_CONTACT_DAYS",
        # The yearly list's PDF shows the name of an initiator who allowed publishing it (Initiative.public_initiator).
        fields=(
            "initiatives.Initiative.name",
            "initiatives.Initiative.membership_grounds",
            "initiatives.AnnualReportFile.file",
        ),
    ),
    Item(
        key="initiator_contact",
        section="initiatives",
        title=_("The initiator's contact details"),
        what=_("Your email address, postal address and phone number, if you give them."),
        why=_("To send you the notices the law requires. Legal basis: a legal obligation."),
        who=_("Only the registry and the staff who handle the initiative. Contact details are never published."),
        how_long=ngettext_lazy(
            "Removed %(days)s day after both have happened: you were sent the final notice and the initiative "
            "was declared fully processed; or after it was handed on as feedback or a personal application.",
            "Removed %(days)s days after both have happened: you were sent the final notice and the initiative "
            "was declared fully processed; or after it was handed on as feedback or a personal application.",
            "days",
        ),
        days_setting="RETENTION_INITIATOR_CONTACT_DAYS",
        fields=(
            "initiatives.Initiative.email",
            "initiatives.Initiative.phone",
            "initiatives.Initiative.postal_address",
        ),
    ),
    Item(
        key="co_initiators",
        section="initiatives",
        title=_("Co-initiators"),
        what=_("The names and municipalities of the other people who signed the initiative."),
        why=_(
            "Each initiator's grounds of membership must show (611/2021, section 30). Legal basis: a legal obligation."
        ),
        who=_(
            "The staff who handle the initiative and the holder of its private link. Only the number of "
            "co-initiators is published."
        ),
        how_long=ngettext_lazy(
            "The names are removed %(days)s day after both have happened: the final notice was sent and the "
            "initiative was declared fully processed.",
            "The names are removed %(days)s days after both have happened: the final notice was sent and the "
            "initiative was declared fully processed.",
            "days",
        ),
        days_setting="RETENTION_INITIATOR_CONTACT_DAYS",
        fields=("initiatives.CoInitiator.name",),
    ),
    Item(
        key="initiative_content",
        section="initiatives",
        title=_("The initiative and its handling"),
        what=_(
            "The title and text of the initiative, its attachments, the service concerned, notes of the hearing, "
            "and the message sent if it was handed on as feedback or a personal application."
        ),
        why=_(
            "The initiative is the matter being handled. It is a public document (Act on the Openness of "
            "Government Activities 621/1999). Legal basis: a legal obligation."
        ),
        who=_(
            "The staff who handle initiatives. The portal publishes an initiative only after review, and an "
            "initiative about a service you use only as a text from which personal details have been removed."
        ),
        how_long=ngettext_lazy(
            "Attachments, hearing notes and the message are removed %(days)s day after both have happened: the "
            "final notice was sent and the initiative was declared fully processed. The text is kept as the "
            "county's archive rules require.",
            "Attachments, hearing notes and the message are removed %(days)s days after both have happened: the "
            "final notice was sent and the initiative was declared fully processed. The text is kept as the "
            "county's archive rules require.",
            "days",
        ),
        days_setting="RETENTION_INITIATOR_CONTACT_DAYS",
        fields=(
            "initiatives.Initiative.text",
            "initiatives.Initiative.public_text",
            "initiatives.Initiative.hearing_notes",
            "initiatives.Initiative.reclassification_message",
            "initiatives.Attachment.file",
            "initiatives.Attachment.original_name",
        ),
    ),
    Item(
        key="emails",
        section="initiatives",
        title=_("Emails to the initiator"),
        what=_(
            "The emails sent to you: the address, the text with your private link, when they were sent, and the "
            "mail server's answer if an email could not be delivered."
        ),
        why=_("To prove that the notices the law requires were sent, and when. Legal basis: a legal obligation."),
        who=_(
            "The registry, the administrators and the staff who handle the initiative. Others see only whether "
            "an email was delivered."
        ),
        how_long=ngettext_lazy(
            "The address, the text and the mail server's answer are removed %(days)s day after both have "
            "happened: the final notice was sent and the initiative was declared fully processed. The record "
            "that a message was sent stays.",
            "The address, the text and the mail server's answer are removed %(days)s days after both have "
            "happened: the final notice was sent and the initiative was declared fully processed. The record "
            "that a message was sent stays.",
            "days",
        ),
        days_setting="RETENTION_INITIATOR_CONTACT_DAYS",
        # The mail server's answer to a failed delivery (last_error) may name the address; the portal stores it
        # without the address (osallisuus.outbox), but any answer is the initiator's data until retention clears it.
        fields=(
            "osallisuus.OutboxMessage.recipient",
            "osallisuus.OutboxMessage.body",
            "osallisuus.OutboxMessage.last_error",
        ),
    ),
    Item(
        key="members",
        section="bodies",
        title=_("Members and deputies"),
        what=_(
            "The names, municipalities and roles of members and personal deputies, and their email addresses and "
            "phone numbers."
        ),
        why=_(
            "The youth council, the council for older people and the disability council are set up by law "
            "(611/2021, section 32), and their composition is public. Legal basis: a task carried out in the "
            "public interest."
        ),
        who=_("Names and roles are public on the body's page. Only the body's secretaries see the contact details."),
        how_long=ngettext_lazy(
            "Names and contact details are removed %(days)s day after the term of office has ended.",
            "Names and contact details are removed %(days)s days after the term of office has ended.",
            "days",
        ),
        days_setting="RETENTION_BODY_MEMBER_DAYS",
        fields=(
            "bodies.Membership.member_name",
            "bodies.Membership.member_email",
            "bodies.Membership.member_phone",
            "bodies.Membership.deputy_name",
            "bodies.Membership.deputy_email",
            "bodies.Membership.deputy_phone",
        ),
    ),
    Item(
        key="minutes",
        section="bodies",
        title=_("Meetings and minutes"),
        what=_(
            "Who attended each meeting, and the names written in the minutes. The minutes hold only the personal "
            "data a reader needs: no contact details and no health information. The secretary also lists other "
            "people named in the minutes, such as invited experts, so that their names are removed too; that list "
            "is not public."
        ),
        why=_(
            "The minutes of the bodies are public and must show whether a meeting had a quorum. Legal basis: a "
            "task carried out in the public interest."
        ),
        who=_("Everyone, once the minutes have been approved and published."),
        how_long=ngettext_lazy(
            "Names are removed from the web %(days)s day after the minutes were published (the appeal period, as "
            "in 611/2021 section 145).",
            "Names are removed from the web %(days)s days after the minutes were published (the appeal period, as "
            "in 611/2021 section 145).",
            "days",
        ),
        days_setting="RETENTION_MINUTES_PERSONAL_DATA_DAYS",
        fields=(
            "bodies.Meeting.minutes_text",
            "bodies.Meeting.minutes_file",
            "bodies.Meeting.minutes_other_people",
            "bodies.Meeting.minutes_cleaned_text",
        ),
    ),
    Item(
        key="accessibility_feedback",
        section="feedback",
        title=_("Feedback on accessibility"),
        what=_("Your feedback, and your name and email address if you give them, and how it was answered."),
        why=_(
            "The Act on the Provision of Digital Services (306/2019) requires a feedback channel and an answer "
            "within two weeks. Legal basis: a legal obligation."
        ),
        who=_("The registry, which answers the feedback."),
        how_long=_("Kept as the county's archive rules require."),
        fields=(
            "accessibility.AccessibilityFeedback.sender_name",
            "accessibility.AccessibilityFeedback.email",
            "accessibility.AccessibilityFeedback.message",
            "accessibility.AccessibilityFeedback.answer_note",
            # The registry's copy of a feedback is sent with the sender's address to reply to.
            "osallisuus.OutboxMessage.reply_to",
        ),
    ),
    Item(
        key="staff",
        section="staff",
        title=_("Staff accounts and work records"),
        what=_(
            "The employee's name, username, work email, job title and work phone, their roles, and a record of "
            "the changes each employee makes."
        ),
        why=_(
            "Signing in, and tracing the handling of every case. Legal basis: a task carried out in the public "
            "interest."
        ),
        who=_(
            "Administrators. The work contact of a body's secretary is public, and the initiator is told whom to "
            "ask about the initiative."
        ),
        how_long=_(
            "While the employee works with the portal; an administrator closes the account when they leave. The "
            "record of changes is kept with the cases."
        ),
        fields=(
            "osallisuus.User.username",
            "osallisuus.User.first_name",
            "osallisuus.User.last_name",
            "osallisuus.User.email",
            "osallisuus.User.work_phone",
            "initiatives.Initiative.handler",
            "initiatives.Initiative.info_contact_name",
            "initiatives.Initiative.info_contact_email",
            "initiatives.Initiative.info_contact_phone",
            "initiatives.ProcessedDeclaration.recorded_by",
            "initiatives.AnnualReportFile.requested_by",
            "osallisuus.OutboxMessage.given_up_by",
            "ladder.ClosedYearValue.computed_by",
            "ladder.ProgressNote.author",
            "accessibility.AccessibilityFeedback.answered_by",
            "privacy.AccessRequestExport.exported_by",
        ),
    ),
    Item(
        key="access_requests",
        section="requests",
        title=_("Answers to requests to see your data"),
        what=_(
            "When the registry answers your request to see your data: the email address or name searched for, "
            "who made the answer and when."
        ),
        why=_("To show that every request was answered (GDPR articles 5(2) and 15). Legal basis: a legal obligation."),
        who=_("The registry and the administrators."),
        how_long=_("Kept as the county's archive rules require."),
        fields=("privacy.AccessRequestExport.query",),
    ),
)

# Fields that look like personal data (by type or name) but are not, with the reason (for the inventory test).
NOT_PERSONAL = {
    "osallisuus.Municipality.name": "a municipality",
    "osallisuus.Municipality.name_sv": "a municipality",
    "osallisuus.Organ.name": "an authority",
    "osallisuus.Organ.name_sv": "an authority",
    "osallisuus.Unit.name": "a unit of the county",
    "osallisuus.Unit.name_sv": "a unit of the county",
    "bodies.AdvisoryBody.name": "a body",
    "bodies.AdvisoryBody.short_name": "a body",
    "bodies.Statement.text": "a statement given by a body, a public document",
    "bodies.Statement.attachment": "a statement given by a body, a public document",
    "ladder.Programme.name": "the programme",
    "ladder.Principle.name": "a way of working",
    "ladder.Principle.name_sv": "a way of working",
    "ladder.Partner.name": "an organisation",
    "ladder.Metric.name": "a metric",
    "ladder.ProgressNote.text": "a note on the programme's work",
    "ladder.TimelineEntry.text": "an event of the programme",
    "ladder.Step.schedule_note": "the schedule of a step",
    "ladder.Step.responsible_note": "the responsible parties of a step (units, not people)",
    "ladder.Measurement.note": "a note on an aggregated measurement (no one can be singled out)",
    "initiatives.AnnualReportFile.error": "why a yearly list PDF could not be made (the program's error)",
    "osallisuus.OutboxMessage.message_id": "a random identifier of an email (its Message-ID header)",
}


def inventory() -> list[tuple[Section, list[Item]]]:
    """The sections of the notice with their items, in order."""
    return [(section, [item for item in ITEMS if item.section == section.key]) for section in SECTIONS]


def inventoried_fields() -> set[str]:
    return {name for item in ITEMS for name in item.fields}

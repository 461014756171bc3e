"""Printable PDF letters to initiators: the one-month notice and the final notice, for those without email (and to
download for anyone). A letter says exactly what the email says: its body is rendered from the same text template
(templates/initiatives/email/includes/), in the initiator's language, and escaped into the letter's HTML."""

from django.template.loader import render_to_string
from django.utils import timezone, translation

from initiatives.models import Initiative
from osallisuus.context_processors import region_name
from osallisuus.pdf import render_pdf


def _letter_pdf(initiative: Initiative, *, kind: str, body_template: str) -> bytes:
    with translation.override(initiative.letter_language):
        context = {"initiative": initiative, "region_name": region_name(initiative.letter_language)}
        subject = " ".join(render_to_string(f"initiatives/email/{kind}_subject.txt", context).split())
        # The text template does not escape (it is plain text); the letter's template escapes it as any value.
        body = render_to_string(body_template, context).strip()
        return render_pdf(
            "initiatives/letters/letter.html",
            {
                **context,
                "language": initiative.letter_language,
                "subject": subject,
                "body": body,
                "today": timezone.localdate(),
            },
        )


def notice_letter_pdf(initiative: Initiative) -> bytes:
    """The one-month notice: the competent authority, the estimated processing time and the contact person."""
    return _letter_pdf(initiative, kind="notice", body_template="initiatives/email/includes/notice_body.txt")


def final_letter_pdf(initiative: Initiative) -> bytes:
    """The final notice: whether the initiative led to measures, and the decision."""
    return _letter_pdf(initiative, kind="final_notice", body_template="initiatives/email/includes/final_body.txt")

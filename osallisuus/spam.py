"""Spam defence shared by the public forms, without any third-party service: a signed form token that proves the
form was shown to someone a few seconds ago (and carries a submission key against double submits). Their per-client
rate limits are osallisuus.ratelimit's.

Each form passes its own salt, so a token of one form is never accepted by another."""

import time
import uuid
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core import signing
from django.utils.translation import gettext_lazy as _


class FormTokenError(Exception):
    """The form token is missing, forged, too young or too old; the message tells the sender what to do.

    `renew` is True when the token can never pass (forged or expired) and the form needs a new one; a token that was
    only sent too soon stays, with its submission key."""

    def __init__(self, message: str, *, renew: bool) -> None:
        super().__init__(message)
        self.message = message
        self.renew = renew


@dataclass(frozen=True)
class FormToken:
    submission_key: str
    issued_at: float


def form_token_new(*, salt: str) -> str:
    """A token for a form being shown: a new submission key and the time, signed (TimestampSigner)."""
    return signing.TimestampSigner(salt=salt).sign_object({"key": str(uuid.uuid4()), "at": time.time()})


def form_token_check(token: str, *, salt: str, min_fill_seconds: float, max_age_seconds: int) -> FormToken:
    """The token's submission key, when it was signed by us with `salt` between `min_fill_seconds` and
    `max_age_seconds` ago."""
    try:
        data = signing.TimestampSigner(salt=salt).unsign_object(token, max_age=max_age_seconds)
        key, issued_at = str(uuid.UUID(data["key"])), float(data["at"])
    except signing.SignatureExpired:
        raise FormTokenError(
            _("The form was open for more than a day. Check your answers and send the form again."), renew=True
        ) from None
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        raise FormTokenError(
            _("The form could not be checked. Check your answers and send the form again."), renew=True
        ) from None
    if time.time() - issued_at < min_fill_seconds:
        raise FormTokenError(
            _("The form was sent very quickly after it was opened. Check your answers and send the form again."),
            renew=False,
        )
    return FormToken(submission_key=key, issued_at=issued_at)


class SpamProtectedForm(forms.Form):
    """The spam defence of a public form, one for all of them: a field people leave empty (hidden from them and from
    assistive technology: templates/includes/honeypot.html) and the signed form token, which must be between
    FORM_MIN_FILL_SECONDS and FORM_MAX_AGE_SECONDS old (settings) and carries the submission key against double
    submits. Each form sets its own `signing_salt`, so that one form's token is never accepted by another."""

    signing_salt: str

    homepage = forms.CharField(label=_("Leave this field empty"), required=False)
    form_token = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.submission_key: str | None = None
        self.token_error: FormTokenError | None = None

    @classmethod
    def new_token(cls) -> str:
        """A token for the form being shown."""
        return form_token_new(salt=cls.signing_salt)

    def clean(self) -> dict:
        cleaned = super().clean()
        # Both checks are errors of the whole form: the fields themselves are not for people to fill in.
        if cleaned.get("homepage"):
            self.add_error(
                None,
                _("A hidden field meant to stop spam was filled in, perhaps by your browser. Send the form again."),
            )
        try:
            token = form_token_check(
                cleaned.get("form_token", ""),
                salt=self.signing_salt,
                min_fill_seconds=settings.FORM_MIN_FILL_SECONDS,
                max_age_seconds=settings.FORM_MAX_AGE_SECONDS,
            )
        except FormTokenError as error:
            self.token_error = error
            self.add_error(None, error.message)
        else:
            self.submission_key = token.submission_key
        return cleaned

    def renew_token_if_spent(self) -> None:
        """After a refusal: a token that can never pass (forged or expired) is replaced, so that the form shown again
        can be sent; one that was only sent too soon stays, with its submission key."""
        if self.token_error is not None and self.token_error.renew:
            self.data = self.data.copy()
            self.data["form_token"] = self.new_token()

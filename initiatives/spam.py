"""Spam defence of the public initiative forms: the generic form token of osallisuus.spam with this form's salt and
fill times. (Their rate limits are osallisuus.ratelimit's, like every public form's.)"""

from osallisuus import spam as shared
from osallisuus.spam import FormToken, FormTokenError

__all__ = ["FormToken", "FormTokenError", "form_token_check", "form_token_new"]

# Tests set these through monkeypatch (the browser tests run the live server in the same process).
MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60

_SALT = "initiatives.form-token"


def form_token_new() -> str:
    """A token for a form being shown: a new submission key and the time, signed (TimestampSigner)."""
    return shared.form_token_new(salt=_SALT)


def form_token_check(token: str) -> FormToken:
    """The token's submission key, when it was signed by us, between MIN_FILL_SECONDS and a day ago."""
    return shared.form_token_check(
        token, salt=_SALT, min_fill_seconds=MIN_FILL_SECONDS, max_age_seconds=MAX_FORM_AGE_SECONDS
    )

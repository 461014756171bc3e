"""Which template an htmx-aware view renders: the swapped fragment (a named partial) or the whole page."""

from django.http import HttpRequest


def wants_fragment(request: HttpRequest) -> bool:
    """An htmx swap asks for the fragment only; htmx restoring its history (a page no longer in its cache) needs the
    whole page, as does every request without htmx. Needs django-htmx's middleware (`request.htmx`)."""
    return bool(request.htmx) and not request.htmx.history_restore_request


def fragment_or_page(request: HttpRequest, template: str, partial: str) -> str:
    """`template#partial` for an htmx swap, `template` otherwise (wants_fragment)."""
    return f"{template}#{partial}" if wants_fragment(request) else template

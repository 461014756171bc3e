"""The one way the portal renders a template to PDF (WeasyPrint with the system's Pango and fonts)."""

from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher


def render_pdf(template_name: str, context: dict, *, request: HttpRequest | None = None) -> bytes:
    """Render `template_name` with `context` to a tagged PDF/UA-1 document.

    Stylesheets and images are read from the project's static folder as local files; the fetcher refuses every
    other protocol, so rendering never touches the network.
    """
    html = render_to_string(template_name, context, request=request)
    document = HTML(
        string=html,
        base_url=(settings.BASE_DIR / "static").as_uri() + "/",
        url_fetcher=URLFetcher(allowed_protocols={"file", "data"}),
    )
    return document.write_pdf(font_config=FontConfiguration(), pdf_variant="pdf/ua-1")

"""The one way the portal renders a template to PDF (WeasyPrint with the system's Pango and fonts)."""

import pydyf
from django.conf import settings
from django.http import HttpRequest
from django.template.loader import render_to_string
from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher


def _cached_page_references(pdf: pydyf.PDF) -> tuple[bytes, ...]:
    """pydyf's `PDF.page_references`, built once per page count instead of on every access.

    pydyf 0.13 rebuilds the tuple of every page's reference each time the property is read, and WeasyPrint reads it
    for each element of a tagged PDF's structure tree, so a tagged document cost time in proportion to elements ×
    pages: the yearly list for 3,000 initiatives spent most of its time there. Pages are only ever appended, so the
    page count tells whether the cached tuple is still whole.
    """
    cached = pdf.__dict__.get("_osallisuus_page_references")
    if cached is None or len(cached) != pdf.pages["Count"]:
        cached = tuple(f"{number} 0 R".encode("ascii") for number in pdf.pages["Kids"][::3])
        pdf.__dict__["_osallisuus_page_references"] = cached
    return cached


pydyf.PDF.page_references = property(_cached_page_references)


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

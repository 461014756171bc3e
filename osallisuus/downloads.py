"""Downloads: a file or generated content sent to be saved (`Content-Disposition: attachment`), never shown on the
portal's origin. SecurityMiddleware adds `X-Content-Type-Options: nosniff` to every response."""

from django.core.files import File
from django.http import FileResponse, HttpResponse

PDF = "application/pdf"
CSV = "text/csv; charset=utf-8"


def file_download(file: File, filename: str, *, content_type: str = PDF) -> FileResponse:
    """A stored file (an attachment, minutes, a statement, a generated PDF), streamed under `filename`."""
    return FileResponse(file.open("rb"), as_attachment=True, filename=filename, content_type=content_type)


def content_download(content: bytes, filename: str, *, content_type: str) -> HttpResponse:
    """Content made for the request (a CSV, a letter, a report PDF) under `filename`."""
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

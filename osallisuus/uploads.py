"""Uploaded files: how large they may be, how their type is judged and how they are named when stored.

- A request larger than MAX_REQUEST_BYTES is refused by osallisuus.middleware.RequestSizeLimitMiddleware before any
  of its body is read (CSRF protection reads the body of every POST, so a view would be too late).
- Inside an accepted request, a file growing past MAX_UPLOAD_FILE_BYTES is no longer stored: UploadSizeLimitHandler
  (first of FILE_UPLOAD_HANDLERS) drops the rest of its bytes and hands the form an OversizedUpload, which carries
  the size and no content, so the form can say which file was too large.
- The type of a file is judged by its first bytes, never by the name or type the sender gave (`is_pdf`).
- Stored names are random (RandomNameStorage): the sender's file name never becomes part of a path.
"""

import posixpath
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.utils.translation import gettext_lazy as _

PDF_SIGNATURE = b"%PDF-"


class UploadTooLarge(ValueError):
    """Raised when the content of an OversizedUpload is asked for: it was never kept."""


class OversizedUpload(SimpleUploadedFile):
    """A file that was larger than MAX_UPLOAD_FILE_BYTES: its name and full size, no content."""

    oversized = True

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        super().__init__(name, b"", content_type)
        self.size = size

    def chunks(self, chunk_size: int | None = None):
        # Storing it anyway would store an empty file: a form that forgot to check the size fails loudly instead.
        raise UploadTooLarge(f"{self.name} is larger than {settings.MAX_UPLOAD_FILE_BYTES} bytes and was not kept")


class UploadSizeLimitHandler(FileUploadHandler):
    """Counts the bytes of each uploaded file; past the limit the handlers after it get none of them."""

    def new_file(self, *args, **kwargs) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > settings.MAX_UPLOAD_FILE_BYTES:
            return None
        return raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.received > settings.MAX_UPLOAD_FILE_BYTES:
            return OversizedUpload(self.file_name, self.received, self.content_type)
        return None


def is_too_large(upload: UploadedFile) -> bool:
    return getattr(upload, "oversized", False) or upload.size > settings.MAX_UPLOAD_FILE_BYTES


def is_pdf(upload: UploadedFile) -> bool:
    """True when the file starts like a PDF, whatever its name says."""
    upload.seek(0)
    head = upload.read(len(PDF_SIGNATURE))
    upload.seek(0)
    return head == PDF_SIGNATURE


def check_pdf_upload(upload: UploadedFile) -> UploadedFile:
    """The upload, when it is a PDF (by content) of at most MAX_UPLOAD_FILE_BYTES; else a ValidationError."""
    if is_too_large(upload):
        raise ValidationError(
            _("The file is larger than %(megabytes)d MB."),
            params={"megabytes": settings.MAX_UPLOAD_FILE_BYTES // (1024 * 1024)},
            code="too_big",
        )
    if not is_pdf(upload):
        raise ValidationError(_("Attach a PDF file."), code="file_type")
    return upload


class RandomNameStorage(FileSystemStorage):
    """Keeps the folder the field chose and replaces the file name with a random one (no extension, no sender's
    text): views stream files with a name and type of their own choosing."""

    def generate_filename(self, filename: str) -> str:
        return posixpath.join(posixpath.dirname(filename), uuid.uuid4().hex)

"""Uploaded files: how large they may be, how their type is judged and how they are named when stored.

- A request larger than MAX_REQUEST_BYTES is refused by osallisuus.middleware.RequestSizeLimitMiddleware before any
  of its body is read (CSRF protection reads the body of every POST, so a view would be too late).
- Inside an accepted request, a file growing past MAX_UPLOAD_FILE_BYTES is no longer stored: UploadSizeLimitHandler
  (first of FILE_UPLOAD_HANDLERS) drops the rest of its bytes and hands the form an OversizedUpload, which carries
  the size and no content, so the form can say which file was too large.
- The type of a file is judged by its first bytes, never by the name or type the sender gave (`is_pdf`).
- Stored names are random (RandomNameStorage): the sender's file name never becomes part of a path.
- A stored file shares the fate of the transaction it was written in (`atomic_with_files`): when the transaction
  fails, so that its rows are rolled back, its files are removed too; a write that fails half way (a full volume)
  removes what it wrote and raises StorageFailed, which the forms answer with NOT_STORED_MESSAGE.
"""

import contextlib
import errno
import logging
import os
import posixpath
import uuid
from collections.abc import Iterator
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage, Storage
from django.core.files.uploadedfile import SimpleUploadedFile, UploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.db import transaction
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

PDF_SIGNATURE = b"%PDF-"
# What a form says when a file could not be written: nothing was stored, and the person's answers are kept.
NOT_STORED_MESSAGE = _(
    "The files could not be saved because of a fault in our file storage, so nothing was saved. What you wrote is "
    "still in the form below. Add the files again and try again later, or send the form without them."
)


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


class StorageFailed(OSError):
    """A file could not be written (the media volume is full, a disk fails): what was written of it is removed."""


# The files written so far inside the innermost `atomic_with_files` block of this thread (or task), if any.
_written_in_block: ContextVar[list[tuple[Storage, str]] | None] = ContextVar("written_in_block", default=None)


@contextlib.contextmanager
def atomic_with_files(using: str | None = None) -> Iterator[None]:
    """`transaction.atomic`, and the files RandomNameStorage writes inside the block share its fate: when the block
    fails (its rows rolled back), the files it wrote are removed, so no file is left that no row points to (and that
    retention would never find). A block nested in another hands its files to the enclosing block, which decides.

    Used as a decorator by the services that store uploads, which are the outermost transaction of a request (no
    ATOMIC_REQUESTS). Inside a plain `transaction.atomic` of someone else's (the admin wraps its saves in one), the
    files of a block that succeeded stay even if that transaction later fails: Django has no rollback hook to tell.
    Writing the files after commit instead would risk the opposite, a stored row whose file was never written."""
    enclosing = _written_in_block.get()
    written: list[tuple[Storage, str]] = []
    token = _written_in_block.set(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        for storage, name in written:
            try:
                storage.delete(name)
            except OSError:
                # The failure that rolled the block back matters more: say which file is left, and go on.
                logger.exception("Could not remove %s after its transaction failed", name)
        raise
    finally:
        _written_in_block.reset(token)
    if enclosing is not None:
        enclosing.extend(written)


class RandomNameStorage(FileSystemStorage):
    """Keeps the folder the field chose and replaces the file name with a random one (no extension, no sender's
    text): views stream files with a name and type of their own choosing."""

    def generate_filename(self, filename: str) -> str:
        return posixpath.join(posixpath.dirname(filename), uuid.uuid4().hex)

    def _save(self, name: str, content) -> str:
        path = self.path(name)
        # Never remove a file this write did not create (FileSystemStorage would have picked another name for it).
        existed = os.path.lexists(path)
        try:
            name = super()._save(name, content)
        except OSError as error:
            # A write that failed half way (ENOSPC) leaves the part it wrote: remove it, it belongs to nothing.
            if not existed:
                with contextlib.suppress(FileNotFoundError):
                    os.remove(path)
            # The form answers the person; this tells the operators why (a full volume wants their hands).
            logger.error("Could not store %s: %s", name, error)
            raise StorageFailed(error.errno or errno.EIO, f"{name} could not be stored: {error}") from error
        written = _written_in_block.get()
        if written is not None:
            written.append((self, name))
        return name

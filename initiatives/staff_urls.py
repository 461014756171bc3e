"""The staff workspace of initiatives under /henkilosto/ (names prefixed "staff-", besides the workspace itself).
A reference is a slug (2026-0042): any other character, a NUL among them, is a 404 before a query is made."""

from django.urls import path

from initiatives.views import staff

urlpatterns = [
    path("henkilosto/", staff.workspace, name="workspace"),
    path("henkilosto/aloitteet/uusi/", staff.register, name="staff-register"),
    path("henkilosto/aloitteet/<slug:reference>/", staff.initiative_detail, name="staff-detail"),
    path(
        "henkilosto/aloitteet/<slug:reference>/liitteet/<int:attachment_id>/",
        staff.attachment_download,
        name="staff-attachment",
    ),
    path("henkilosto/aloitteet/<slug:reference>/ilmoitus.pdf", staff.notice_letter, name="staff-notice-letter"),
    path("henkilosto/aloitteet/<slug:reference>/vastaus.pdf", staff.final_letter, name="staff-final-letter"),
    path("henkilosto/viestit/", staff.outbox, name="staff-outbox"),
]

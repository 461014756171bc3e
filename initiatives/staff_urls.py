"""The staff workspace of initiatives under /henkilosto/ (names prefixed "staff-", besides the workspace itself)."""

from django.urls import path

from initiatives.views import staff

urlpatterns = [
    path("henkilosto/", staff.workspace, name="workspace"),
    path("henkilosto/aloitteet/uusi/", staff.register, name="staff-register"),
    path("henkilosto/aloitteet/<str:reference>/", staff.initiative_detail, name="staff-detail"),
    path(
        "henkilosto/aloitteet/<str:reference>/liitteet/<int:attachment_id>/",
        staff.attachment_download,
        name="staff-attachment",
    ),
    path("henkilosto/aloitteet/<str:reference>/ilmoitus.pdf", staff.notice_letter, name="staff-notice-letter"),
    path("henkilosto/aloitteet/<str:reference>/vastaus.pdf", staff.final_letter, name="staff-final-letter"),
    path("henkilosto/viestit/", staff.outbox, name="staff-outbox"),
]

from django.urls import path

from bodies.views import minutes, public, staff

app_name = "bodies"

PUBLIC = "toimielimet/"
STAFF = "henkilosto/toimielimet/"

urlpatterns = [
    # Public pages
    path(PUBLIC, public.index, name="index"),
    path(f"{PUBLIC}kalenteri.ics", public.calendar_all, name="calendar"),
    path(f"{PUBLIC}<slug:slug>/", public.body_detail, name="body"),
    path(f"{PUBLIC}<slug:slug>/toimikausi/<int:term_id>/", public.body_detail, name="term"),
    path(f"{PUBLIC}<slug:slug>/kalenteri.ics", public.calendar_body, name="body-calendar"),
    path(f"{PUBLIC}<slug:slug>/kokoukset/<int:pk>/", public.meeting_detail, name="meeting"),
    path(f"{PUBLIC}<slug:slug>/kokoukset/<int:pk>/kokous.ics", public.meeting_ics, name="meeting-ics"),
    path(f"{PUBLIC}<slug:slug>/kokoukset/<int:pk>/poytakirja.pdf", public.minutes_file, name="minutes-file"),
    path(f"{PUBLIC}<slug:slug>/lausunnot/<int:pk>/", public.statement_detail, name="statement"),
    path(f"{PUBLIC}<slug:slug>/lausunnot/<int:pk>/liite.pdf", public.statement_file, name="statement-file"),
    # Staff workspace
    path(STAFF, staff.index, name="staff-index"),
    path(f"{STAFF}<slug:slug>/", staff.body_detail, name="staff-body"),
    path(f"{STAFF}<slug:slug>/toimikaudet/uusi/", staff.term_create, name="staff-term-create"),
    path(f"{STAFF}<slug:slug>/toimikaudet/<int:term_id>/paikat/uusi/", staff.seat_create, name="staff-seat-create"),
    path(
        f"{STAFF}<slug:slug>/paikat/<int:seat_id>/jasen/uusi/", staff.membership_create, name="staff-membership-create"
    ),
    path(f"{STAFF}<slug:slug>/jasenyydet/<int:pk>/", staff.membership_edit, name="staff-membership"),
    path(f"{STAFF}<slug:slug>/kokoukset/uusi/", staff.meeting_create, name="staff-meeting-create"),
    path(f"{STAFF}<slug:slug>/kokoukset/<int:pk>/", staff.meeting_detail, name="staff-meeting"),
    path(f"{STAFF}<slug:slug>/kokoukset/<int:pk>/esityslista/", staff.agenda, name="staff-agenda"),
    path(f"{STAFF}<slug:slug>/kokoukset/<int:pk>/lasnaolo/", staff.attendance, name="staff-attendance"),
    path(f"{STAFF}<slug:slug>/kokoukset/<int:pk>/poytakirja/", staff.minutes, name="staff-minutes"),
    path(f"{STAFF}<slug:slug>/kokoukset/<int:pk>/poytakirja.pdf", staff.minutes_file, name="staff-minutes-file"),
    path(f"{STAFF}<slug:slug>/kokoukset/<int:pk>/poytakirja/nimet/", minutes.review, name="staff-minutes-names"),
    path(f"{STAFF}<slug:slug>/lausunnot/uusi/", staff.statement_edit, name="staff-statement-create"),
    path(f"{STAFF}<slug:slug>/lausunnot/<int:pk>/", staff.statement_edit, name="staff-statement"),
]

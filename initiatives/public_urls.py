from django.urls import path, re_path

from initiatives.feeds import published_initiatives_feed
from initiatives.views import public

# Fixed paths first: a reference (e.g. 2026-0042) never looks like one of them. Tokens and references are slugs:
# any other character (a NUL, which PostgreSQL refuses in a query) is a 404 before a query is made.
urlpatterns = [
    path("aloitteet/", public.initiative_list, name="list"),
    path("aloitteet/uusi/", public.initiative_create, name="create"),
    path("aloitteet/syote/", published_initiatives_feed, name="feed"),
    path("aloitteet/linkki/", public.initiative_resend_link, name="resend-link"),
    path("aloitteet/avoin-data.csv", public.open_data_csv, name="open-data-csv"),
    path("aloitteet/avoin-data.json", public.open_data_json, name="open-data-json"),
    path("aloitteet/seuranta/<slug:token>/", public.initiative_track, name="track"),
    re_path(r"^aloitteet/(?P<reference>[0-9]{4}-[0-9]{4,})/$", public.initiative_detail, name="detail"),
]

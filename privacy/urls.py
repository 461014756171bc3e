"""The privacy notice and the access request page of the staff workspace."""

from django.urls import path

from privacy import views

urlpatterns = [
    path("tietosuoja/", views.notice, name="privacy"),
    path("henkilosto/tietopyynto/", views.access_request, name="access-request"),
]

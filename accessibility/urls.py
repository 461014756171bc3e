"""The accessibility statement and its feedback: the public pages under /saavutettavuus/, the staff pages under
/henkilosto/."""

from django.urls import path

from accessibility import views

urlpatterns = [
    path("saavutettavuus/", views.statement, name="accessibility"),
    path("saavutettavuus/palaute/", views.feedback_create, name="accessibility-feedback"),
    path("saavutettavuus/palaute/kiitos/", views.feedback_thanks, name="accessibility-feedback-thanks"),
    path("henkilosto/saavutettavuuspalaute/", views.feedback_list, name="accessibility-feedback-list"),
    path("henkilosto/saavutettavuuspalaute/<int:pk>/", views.feedback_detail, name="accessibility-feedback-detail"),
]

from django.urls import path

from ladder import views

app_name = "ladder"
urlpatterns = [
    path("ohjelma/", views.index, name="index"),
    path("henkilosto/ohjelma/", views.staff_index, name="staff-index"),
    path("henkilosto/ohjelma/raportti/", views.staff_report, name="staff-report"),
]

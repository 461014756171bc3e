from django.urls import path

from initiatives.views import annual

urlpatterns = [
    path("henkilosto/vuosilista/<int:year>/", annual.annual_list_page, name="annual-list"),
    path("henkilosto/vuosilista/<int:year>/csv/", annual.annual_list_csv, name="annual-list-csv"),
    path("henkilosto/vuosilista/<int:year>/pdf/", annual.annual_list_pdf_request, name="annual-list-pdf"),
    path("henkilosto/vuosilista/<int:year>/paatos/", annual.annual_list_declare, name="annual-list-declare"),
    path("henkilosto/vuosilista/tiedosto/<int:pk>/", annual.annual_list_file, name="annual-file"),
    path(
        "henkilosto/vuosilista/tiedosto/<int:pk>/lataa/", annual.annual_list_file_download, name="annual-file-download"
    ),
]

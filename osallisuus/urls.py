from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from osallisuus import login, views

urlpatterns = [
    path("", views.home, name="home"),
    path("", include("accessibility.urls")),  # /saavutettavuus/, /henkilosto/saavutettavuuspalaute/
    path("", include("privacy.urls")),  # /tietosuoja/, /henkilosto/tietopyynto/
    path("healthz", views.healthz, name="healthz"),
    path("kieli/setlang/", views.set_language, name="set_language"),
    path("henkilosto/kirjaudu/", login.LoginView.as_view(), name="login"),
    path("henkilosto/kirjaudu-ulos/", auth_views.LogoutView.as_view(), name="logout"),
    # Each app owns its public and staff paths (/aloitteet/, /toimielimet/, /ohjelma/, /henkilosto/...).
    path("", include("initiatives.urls")),
    path("", include("bodies.urls")),
    path("", include("ladder.urls")),
    path("admin/", admin.site.urls),
]

# Django's 403 and 404 views render templates/403.html and 404.html as they are; these two differ (error_pages.py).
handler400 = "osallisuus.error_pages.bad_request"
handler500 = "osallisuus.error_pages.server_error"

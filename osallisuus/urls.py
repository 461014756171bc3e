from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from osallisuus import login, views, views_access

urlpatterns = [
    path("", views.home, name="home"),
    path("saavutettavuus/", views.accessibility, name="accessibility"),
    path("tietosuoja/", views.privacy, name="privacy"),
    path("", include("osallisuus.feedback.urls")),  # /saavutettavuus/palaute/, /henkilosto/saavutettavuuspalaute/
    path("healthz", views.healthz, name="healthz"),
    path("henkilosto/tietopyynto/", views_access.access_request, name="access-request"),
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

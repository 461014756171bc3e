from initiatives import annual_urls, public_urls, staff_urls

# Mounted at the site root: public pages under /aloitteet/, the staff workspace under /henkilosto/.
app_name = "initiatives"
urlpatterns = [*public_urls.urlpatterns, *staff_urls.urlpatterns, *annual_urls.urlpatterns]

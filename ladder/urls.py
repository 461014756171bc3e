app_name = "ladder"
urlpatterns: list = []

"""The admin's history pages (django-simple-history) of every app. An object id that is not a valid primary key is
"not found", as on Django's own change pages, never a server error: simple-history 3.13 filters by it unchecked."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


class HistoryPagesAdmin(SimpleHistoryAdmin):
    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context)

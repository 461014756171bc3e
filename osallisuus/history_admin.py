"""The admin's history pages (django-simple-history) of every app, and the reason an admin save records. An object id
that is not a valid primary key is "not found", as on Django's own change pages, never a server error: simple-history
3.13 filters by it unchecked."""

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin


class HistoryPagesAdmin(SimpleHistoryAdmin):
    def history_view(self, request: HttpRequest, object_id: str, extra_context: dict | None = None) -> HttpResponse:
        try:
            self.model._meta.pk.to_python(unquote(object_id))
        except ValidationError:
            raise Http404 from None
        return super().history_view(request, object_id, extra_context)


def admin_change_reason(form: BaseForm | None) -> str:
    """The history reason of a save in the admin: which fields changed, by their labels."""
    if form is None or not form.changed_data:
        return gettext("Saved in the administration")
    labels = [str(form.fields[name].label) for name in form.changed_data if name in form.fields]
    return gettext("Changed in the administration: %(fields)s") % {"fields": ", ".join(labels)}

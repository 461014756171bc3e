"""The admin's history pages (django-simple-history) of every app, and the reason an admin save records. An object id
that is not a valid primary key is "not found", as on Django's own change pages, never a server error: simple-history
3.13 filters by it unchecked."""

from collections.abc import Callable

from django.contrib.admin.utils import unquote
from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext
from simple_history.admin import SimpleHistoryAdmin


class HistoryPagesAdmin(SimpleHistoryAdmin):
    def save_model(self, request: HttpRequest, obj, form, change: bool) -> None:
        # The history row names the changed fields (simple-history's admin sets the user).
        obj._change_reason = admin_change_reason(form)
        super().save_model(request, obj, form, change)

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


class ServiceSaveMixin:
    """An admin whose saves and deletes, of the object and of its inline rows, go through an app's services with the
    admin user and a reason in the history (STYLE.md: the admin calls the same services as every other path).

    A subclass names the services: `save_service(*, instance, user, reason)` and `delete_service(*, instance, user,
    reason)`, as staticmethods."""

    save_service: Callable[..., object]
    delete_service: Callable[..., object]

    def save_model(self, request, obj, form, change) -> None:
        self.save_service(instance=obj, user=request.user, reason=admin_change_reason(form))

    def delete_model(self, request, obj) -> None:
        self.delete_service(instance=obj, user=request.user, reason=gettext("Deleted in the administration"))

    def delete_queryset(self, request, queryset) -> None:
        for obj in queryset:
            self.delete_model(request, obj)

    def save_formset(self, request, form, formset, change) -> None:
        instances = formset.save(commit=False)
        for obj in formset.deleted_objects:
            self.delete_model(request, obj)
        for obj in instances:
            inline_form = next((f for f in formset.forms if f.instance is obj), None)
            self.save_inline(request, obj, inline_form)
        formset.save_m2m()

    def save_inline(self, request, obj, form) -> None:
        self.save_service(instance=obj, user=request.user, reason=admin_change_reason(form))

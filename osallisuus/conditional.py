"""Conditional GET for what clients poll (the Atom feed, the calendars, the open data): a client that holds the
current version gets 304 Not Modified, and the output is not built.

The version is read from the history (django-simple-history) of the models an output shows: every change made through
the services, the admin or a management command writes a history row, deletions too. The newest row's id and time
give the ETag and Last-Modified in one small query per model, answered from the history table's indexes. The ETag
carries the language (the outputs are translated) and the day in Helsinki (a calendar's window moves with the date,
and a name read from a model without history, such as an organ's, is current again at the latest the next day).
"""

import datetime
import weakref
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Max, Model
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import get_language
from django.views.decorators.http import condition


@dataclass(frozen=True)
class Version:
    etag: str
    last_modified: datetime.datetime


def history_version(*models: type[Model]) -> Version:
    """The version of an output that shows the rows of `models` (each with a `history`), for the current language
    and day."""
    today = timezone.localdate()
    last_modified = datetime.datetime.combine(today, datetime.time(), tzinfo=timezone.get_current_timezone())
    ids = []
    for model in models:
        newest = model.history.aggregate(id=Max("history_id"), at=Max("history_date"))
        ids.append(str(newest["id"] or 0))
        if newest["at"] is not None:
            last_modified = max(last_modified, newest["at"])
    return Version(etag="-".join([get_language(), today.isoformat(), *ids]), last_modified=last_modified)


def conditional_get(version: Callable[..., Version]) -> Callable:
    """Django's `condition` decorator with the ETag and Last-Modified of `version(request, *args, **kwargs)`, which
    is read once per request."""
    read: weakref.WeakKeyDictionary[HttpRequest, Version] = weakref.WeakKeyDictionary()

    def of(request: HttpRequest, *args, **kwargs) -> Version:
        if request not in read:
            read[request] = version(request, *args, **kwargs)
        return read[request]

    return condition(
        etag_func=lambda request, *args, **kwargs: of(request, *args, **kwargs).etag,
        last_modified_func=lambda request, *args, **kwargs: of(request, *args, **kwargs).last_modified,
    )

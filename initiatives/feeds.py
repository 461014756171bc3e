"""The Atom feed of newly published initiatives: what the public pages show, as the publication policy
(initiatives.publication) decides it. Feed readers poll it: they get 304 while nothing public changed
(`public_initiatives_conditional`, shared with the open data)."""

import datetime

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, HttpResponse
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from initiatives.publication import PublicInitiative, public_views
from osallisuus.conditional import Version, conditional_get, history_version
from osallisuus.text import without_control_characters

FEED_SIZE = 50


def public_initiatives_version(request: HttpRequest, *args, **kwargs) -> Version:
    """What the feed and the open data show changes with an initiative: published, unpublished, edited, decided,
    declared fully processed (initiatives_declare_processed saves each initiative it declares), its names removed."""
    return history_version(Initiative)


public_initiatives_conditional = conditional_get(public_initiatives_version)


class PublishedInitiativesFeed(Feed):
    feed_type = Atom1Feed
    title = _("New initiatives")
    subtitle = _("Initiatives published on the participation portal, newest first.")
    link = reverse_lazy("initiatives:list")

    def __call__(self, request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = super().__call__(request, *args, **kwargs)
        # Django's feed dates itself by its newest entry; an initiative unpublished or edited changes the feed too, so
        # Last-Modified comes from public_initiatives_version, as the ETag does.
        del response["Last-Modified"]
        return response

    def items(self) -> list[PublicInitiative]:
        newest = Initiative.objects.published().select_related("home_municipality").order_by("-published_at", "-pk")
        return public_views(newest[:FEED_SIZE])

    # Every text an initiator wrote loses its control characters: XML 1.0 cannot carry them (osallisuus.text).
    def item_title(self, item: PublicInitiative) -> str:
        return without_control_characters(str(item))

    def item_description(self, item: PublicInitiative) -> str:
        # An Atom summary is HTML: the plain text is escaped into paragraphs.
        return linebreaks(Truncator(without_control_characters(item.text)).words(80), autoescape=True)

    def item_link(self, item: PublicInitiative) -> str:
        return reverse("initiatives:detail", args=[item.reference])

    def item_pubdate(self, item: PublicInitiative) -> datetime.datetime | None:
        return item.initiative.published_at

    def item_author_name(self, item: PublicInitiative) -> str:
        return without_control_characters(item.initiator)


published_initiatives_feed = public_initiatives_conditional(PublishedInitiativesFeed())

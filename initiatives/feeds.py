"""The Atom feed of newly published initiatives: what the public pages show, as the publication policy
(initiatives.publication) decides it."""

import datetime

from django.contrib.syndication.views import Feed
from django.urls import reverse, reverse_lazy
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from initiatives.models import Initiative
from initiatives.publication import PublicInitiative, public_views
from osallisuus.text import without_control_characters

FEED_SIZE = 50


class PublishedInitiativesFeed(Feed):
    feed_type = Atom1Feed
    title = _("New initiatives")
    subtitle = _("Initiatives published on the participation portal, newest first.")
    link = reverse_lazy("initiatives:list")

    def items(self) -> list[PublicInitiative]:
        return public_views(Initiative.objects.published().order_by("-published_at", "-pk")[:FEED_SIZE])

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

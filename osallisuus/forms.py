"""Form fields of the region's shared vocabulary, for every app's forms."""

from django import forms
from django.forms.models import ModelChoiceIterator, ModelChoiceIteratorValue
from django.utils.translation import get_language

from osallisuus.models import Municipality, Organ, in_name_order


class QueryChoiceIterator(ModelChoiceIterator):
    """A model choice field's choices read with one plain query. Django's iterator reads through
    QuerySet.iterator(), which on PostgreSQL opens a server-side cursor: declaring, fetching and closing it cost
    three times the query for a dozen rows."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for obj in self.queryset.all():
            yield self.choice(obj)


class LocalizedNameChoiceIterator(QueryChoiceIterator):
    """The choices of a model with a localized name (a municipality, an organ) in the alphabetical order of the
    active language: only the names are read, and the language once for all the labels, not once per choice."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        language = get_language()
        for obj in in_name_order(self.queryset.only("name", "name_sv"), language):
            yield (ModelChoiceIteratorValue(self.field.prepare_value(obj), obj), obj.name_in(language))


class LocalizedNameChoiceField(forms.ModelChoiceField):
    """A municipality or an organ, labelled with its name in the active language."""

    iterator = LocalizedNameChoiceIterator

    def label_from_instance(self, obj: Municipality | Organ) -> str:
        return obj.localized_name

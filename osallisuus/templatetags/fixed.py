"""What is fixed by the code, rendered once per process and language (issue 14): `{% fixed %}` blocks of a page and
includes of a TextChoices value.

`{% fixed %}...{% endfixed %}` renders its content once per language and reuses the HTML. The content is rendered
with the region's settings (osallisuus.context_processors.region_settings) and nothing else: no request, no user, no
page data, no CSRF token (a variable of the page renders empty there, `{% querystring %}` fails). Use it for the
parts of a page made of `{% translate %}`, `{% url %}` without arguments from the page, `{% static %}` and the
region's name; keep everything else outside.

A status badge in a list row costs an include per row, yet its HTML depends only on a TextChoices value and that
value's label in the active language: both code constants. `{% fixed_include %}` renders such an include the first
time a value is seen and reuses the HTML for every later row and request:

    {% load fixed %}
    {% fixed_include "initiatives/includes/status_badge.html" notice_state=row.notice_state %}
    {% fixed_include "initiatives/includes/status_badge.html" initiative=initiative|choice_of:"status" %}

Only code constants are accepted: a `models.Choices` member, or `choice_of`, which hands the template one choices
field of a model instance (its value and its display label) and nothing else of the row. Any other value is refused,
so nothing read from the database or sent by a user is ever kept. The template sees only the given variables (no
request, no outer context), as `{% include ... only %}` would."""

from django import template
from django.core.signals import setting_changed
from django.db import models
from django.dispatch import receiver
from django.template.loader import get_template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from osallisuus.context_processors import region_settings

register = template.Library()

# Bumped when a test changes a setting (the URLs, the region's name): what was rendered before is not reused.
_settings_generation = 0
# (template name, language, the constants) → the HTML of a fixed include. Bounded: templates × languages × choices.
_rendered: dict[tuple, SafeString] = {}
# (model, field) → the values its choices declare: only these are kept (a value the database holds beyond them is
# rendered each time).
_declared: dict[tuple[str, str], frozenset] = {}


@receiver(setting_changed)
def _forget_rendered(**kwargs) -> None:
    global _settings_generation
    _settings_generation += 1
    _rendered.clear()


class FixedNode(template.Node):
    """The content of a `{% fixed %}` block, rendered once per language (on the compiled template, which Django's
    cached template loader keeps for the life of the process)."""

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist
        self.rendered: dict[tuple[int, str], SafeString] = {}

    def render(self, context: template.Context) -> SafeString:
        key = (_settings_generation, get_language())
        html = self.rendered.get(key)
        if html is None:
            # A plain Context (not a RequestContext): the content cannot reach the request, the user or the page.
            constants = template.Context(region_settings(), autoescape=context.autoescape)
            with constants.bind_template(context.template):
                html = self.rendered[key] = SafeString(self.nodelist.render(constants))
        return html


@register.tag
def fixed(parser: template.base.Parser, token: template.base.Token) -> FixedNode:
    """`{% fixed %}...{% endfixed %}`: see the module docstring."""
    if len(token.split_contents()) != 1:
        raise template.TemplateSyntaxError("{% fixed %} takes no arguments")
    nodelist = parser.parse(("endfixed",))
    parser.delete_first_token()
    return FixedNode(nodelist)


class ChoiceOf:
    """One choices field of a model instance as a template sees it: `obj.<field>` and `obj.get_<field>_display`.
    Every other attribute is missing, so a fixed include cannot show anything of the row but this choice."""

    __slots__ = ("_field", "_instance", "value")

    def __init__(self, instance: models.Model, field: str) -> None:
        self._instance, self._field = instance, field
        self.value = getattr(instance, field)

    def key(self) -> tuple | None:
        label = type(self._instance)._meta.label
        declared = _declared.get((label, self._field))
        if declared is None:
            field = self._instance._meta.get_field(self._field)
            declared = _declared[label, self._field] = frozenset(value for value, _label in field.flatchoices)
        return (label, self._field, self.value) if self.value in declared else None

    def __getitem__(self, name: str):
        if name == self._field:
            return self.value
        if name == f"get_{self._field}_display":
            return getattr(self._instance, name)()
        raise KeyError(name)


@register.filter
def choice_of(instance: models.Model, field: str) -> ChoiceOf:
    """`instance`'s choices field `field` alone, for `{% fixed_include %}`."""
    if not instance._meta.get_field(field).choices:
        raise template.TemplateSyntaxError(f"choice_of: {field!r} is not a choices field")
    return ChoiceOf(instance, field)


def _constant_key(name: str, value) -> tuple | None:
    if isinstance(value, models.Choices):
        return (name, type(value), value.value)
    if isinstance(value, ChoiceOf):
        key = value.key()
        return None if key is None else (name, *key)
    raise template.TemplateSyntaxError(f"fixed_include: {name}= must be a Choices member or choice_of, not {value!r}")


@register.simple_tag
def fixed_include(template_name: str, **constants) -> SafeString:
    """`template_name` rendered with `constants` alone, once per process and language (module docstring)."""
    keys = [_constant_key(name, value) for name, value in constants.items()]
    if None in keys:
        return get_template(template_name).render(constants)
    key = (template_name, get_language(), *sorted(keys))
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = get_template(template_name).render(constants)
    return html

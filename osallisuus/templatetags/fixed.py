"""What is fixed by the code, rendered once per process and language: `{% fixed %}` blocks of a page and
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
    {% fixed_include "includes/badge.html" choice=row.notice_state %}
    {% fixed_include "includes/badge.html" choice=initiative.status_choice %}

Only code constants are accepted: `models.Choices` members (a model's `<field>_choice` property turns a stored
value into its member). Any other value is refused, so nothing read from the database or sent by a user is ever
kept. The template sees only the given variables (no
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


def _constant_key(name: str, value) -> tuple:
    if isinstance(value, models.Choices):
        return (name, type(value), value.value)
    raise template.TemplateSyntaxError(f"fixed_include: {name}= must be a Choices member, not {value!r}")


@register.simple_tag
def fixed_include(template_name: str, **constants) -> SafeString:
    """`template_name` rendered with `constants` alone, once per process and language (module docstring)."""
    keys = [_constant_key(name, value) for name, value in constants.items()]
    key = (template_name, get_language(), *sorted(keys))
    html = _rendered.get(key)
    if html is None:
        html = _rendered[key] = get_template(template_name).render(constants)
    return html

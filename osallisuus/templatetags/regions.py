"""`{% table_region "caption-id" %}<table>...</table>{% endtable_region %}`: a wide table in its scrolling region,
written once for every table of the portal. The region can be scrolled with the keyboard (tabindex, WCAG 2.1.1) and
is named by the table's caption or heading (the id given), so a screen reader says what it holds."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


class TableRegionNode(template.Node):
    def __init__(self, labelled_by: template.base.FilterExpression, nodelist: template.NodeList) -> None:
        self.labelled_by, self.nodelist = labelled_by, nodelist

    def render(self, context: template.Context) -> SafeString:
        return format_html(
            '<div class="table-wrap" role="region" aria-labelledby="{}" tabindex="0">{}</div>',
            self.labelled_by.resolve(context),
            self.nodelist.render(context),
        )


@register.tag
def table_region(parser: template.base.Parser, token: template.base.Token) -> TableRegionNode:
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("{% table_region %} takes the id of the element that names the table")
    nodelist = parser.parse(("endtable_region",))
    parser.delete_first_token()
    return TableRegionNode(parser.compile_filter(bits[1]), nodelist)

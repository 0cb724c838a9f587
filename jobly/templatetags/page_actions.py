"""`{% page_actions "page" key=value ... %}`: renders the actions apps registered for that page."""

from django import template
from django.template.loader import render_to_string
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from jobly.page_actions import actions_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_actions(context, page, **objects):
    request = context.get("request")
    if request is None:
        return ""
    parts = [render_to_string(action["template"], action["context"], request=request)
             for action in actions_for(page, request, **objects)]
    return format_html_join("", "{}", ((mark_safe(part),) for part in parts))

"""`{% page_actions "slot" obj %}`: renders the actions apps registered for a page (jobly.page_actions)."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from jobly.page_actions import actions_for

register = template.Library()


@register.simple_tag(takes_context=True)
def page_actions(context, slot, obj):
    request = context.get("request")
    parts = [
        render_to_string(action["template"], action.get("context", {}), request=request)
        for action in actions_for(slot, request, obj)
    ]
    return mark_safe("".join(parts))  # each part is a template rendered with autoescaping

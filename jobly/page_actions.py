"""Actions one app offers on another app's page, so the page's app never imports the offering app.

`register_action(slot, name, build, order=)` from an AppConfig.ready(); `build(request, obj)` returns a dict
with `template` and `context` (a partial rendered among the page's buttons), or None to offer nothing for this
object. Slots name the page and the object it shows: "match" (a matching.Match), "job" (a matching.Job).
Templates render a slot with `{% load page_actions %}{% page_actions "match" match %}`.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageAction:
    slot: str
    name: str
    build: object
    order: int


ACTIONS = {}


def register_action(slot, name, build, *, order=50):
    ACTIONS[(slot, name)] = PageAction(slot=slot, name=name, build=build, order=order)


def actions_for(slot, request, obj):
    offered = []
    for action in sorted((a for a in ACTIONS.values() if a.slot == slot), key=lambda a: (a.order, a.name)):
        content = action.build(request, obj)
        if content:
            offered.append({"name": action.name, **content})
    return offered

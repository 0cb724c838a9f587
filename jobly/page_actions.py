"""Page actions: buttons an app adds to another app's page, so the page's app imports neither.

`register_page_action(page, name, build, order=)` from an AppConfig.ready(); the page's template
calls `{% load page_actions %}{% page_actions "job-detail" job=job %}`. `build(request, **objects)`
returns {"template", "context"} (rendered in place) or None to show nothing. Like dashboard cards.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class PageAction:
    page: str
    name: str
    build: object
    order: int


ACTIONS = {}  # page -> {name: PageAction}


def register_page_action(page, name, build, *, order=50):
    ACTIONS.setdefault(page, {})[name] = PageAction(page=page, name=name, build=build, order=order)


def actions_for(page, request, **objects):
    rendered = []
    for action in sorted(ACTIONS.get(page, {}).values(), key=lambda action: (action.order, action.name)):
        content = action.build(request, **objects)
        if content:
            rendered.append({"name": action.name, **content})
    return rendered

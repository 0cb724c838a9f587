"""Dashboard cards: apps register what they show, so the core dashboard imports no app.

`register_card(name, build, order=)`; `build(request)` returns a dict with `template` and
`context` (rendered inside a card), or None to show nothing for this user.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    name: str
    build: object
    order: int


CARDS = {}


def register_card(name, build, *, order=50):
    CARDS[name] = Card(name=name, build=build, order=order)


def cards_for(request):
    rendered = []
    for card in sorted(CARDS.values(), key=lambda card: (card.order, card.name)):
        content = card.build(request)
        if content:
            rendered.append({"name": card.name, **content})
    return rendered

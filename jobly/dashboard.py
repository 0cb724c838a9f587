"""Dashboard cards: apps register what they show, so the core dashboard imports no app.

`register_card(name, build, order=, wide=False)`; `build(request)` returns a dict with `template` and
`context` (rendered inside a card), or None to show nothing for this user. A card may add
`first_step` = {"text", "url", "why"} while the user has not done what it needs (no profile, no feed):
the dashboard lists those first, in card order, as "Start here".
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Card:
    name: str
    build: object
    order: int
    wide: bool = False


CARDS = {}


def register_card(name, build, *, order=50, wide=False):
    CARDS[name] = Card(name=name, build=build, order=order, wide=wide)


def cards_for(request):
    rendered = []
    for card in sorted(CARDS.values(), key=lambda card: (card.order, card.name)):
        content = card.build(request)
        if content:
            rendered.append({"name": card.name, "wide": card.wide, **content})
    return rendered


def first_steps(cards):
    """What the user should do first, from the cards that ask for it."""
    return [card["first_step"] for card in cards if card.get("first_step")]

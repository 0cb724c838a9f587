"""Dashboard cards: apps register what they show, so the core dashboard imports no app.

`register_card(name, build, order=, wide=False, cache_topics=None)`; `build(request)` returns a dict with
`template` and `context` (rendered inside a card), or None to show nothing for this user. A card may add
`first_step` = {"text", "url", "why"} while the user has not done what it needs (no profile, no feed):
the dashboard lists those first, in card order, as "Start here".

A card whose reads cost more than the rest of the page may be cached: `cache_topics(user_id)` lists the
jobly.cache topics its content depends on ([(topic, owner id or jobly.cache.SHARED)]), and the writes of
each topic call `jobly.cache.invalidate(...)`, so a change shows on the next view. The rendered card is
kept for at most DASHBOARD_CACHE_SECONDS, which also bounds anything time-dependent ("in the last 24
hours"); the day is part of the key. Only cards that use no request state (no CSRF token, no messages)
may be cached: the entry is shared by every request of the user.
"""

from dataclasses import dataclass
from functools import partial

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from jobly.cache import cached_many, user_read


@dataclass(frozen=True)
class Card:
    name: str
    build: object
    order: int
    wide: bool = False
    cache_topics: object = None


CARDS = {}


def register_card(name, build, *, order=50, wide=False, cache_topics=None):
    CARDS[name] = Card(name=name, build=build, order=order, wide=wide, cache_topics=cache_topics)


def _render(card, request):
    content = card.build(request)
    if not content:
        return None
    return {"html": render_to_string(content["template"], content["context"], request=request),
            "first_step": content.get("first_step")}


def cards_for(request):
    """The user's cards in order, rendered: [{name, wide, html, first_step}]. The cached cards are looked up
    together (jobly.cache.cached_many: two Redis round trips for all of them)."""
    user = request.user
    cards = sorted(CARDS.values(), key=lambda card: (card.order, card.name))
    cacheable = [card for card in cards if card.cache_topics is not None]
    day = (timezone.localdate().isoformat(),)
    found = dict(zip((card.name for card in cacheable), cached_many([
        user_read(f"card:{card.name}", user, day, partial(_render, card, request), topics=card.cache_topics(user.pk),
                  timeout=settings.DASHBOARD_CACHE_SECONDS)
        for card in cacheable
    ]), strict=True))
    rendered = []
    for card in cards:
        content = found[card.name] if card.name in found else _render(card, request)
        if content:
            rendered.append({"name": card.name, "wide": card.wide, **content})
    return rendered


def first_steps(cards):
    """What the user should do first, from the cards that ask for it."""
    return [card["first_step"] for card in cards if card.get("first_step")]

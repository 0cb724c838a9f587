"""System check: the MATCH_WEIGHTS setting (MATCH_WEIGHTS_JSON) names only known weights with sane values."""

from django.conf import settings
from django.core import checks


@checks.register()
def check_match_weights(app_configs=None, **kwargs):
    from matching.scoring import resolve_weights

    try:
        resolve_weights(getattr(settings, "MATCH_WEIGHTS", None))
    except (ValueError, TypeError, AttributeError) as error:
        return [checks.Error(f"MATCH_WEIGHTS_JSON is invalid: {error}", id="matching.E001",
                             hint='Use names from matching/scoring/data/weights.json, e.g. {"salary": 0.1}.')]
    return []

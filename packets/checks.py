"""System checks: the default design exists, and the LaTeX renderer is reported when it is configured but missing."""

from django.conf import settings
from django.core import checks


@checks.register()
def check_packet_designs(app_configs=None, **kwargs):
    from packets.renderers import designs, latex

    errors = []
    cv_designs = sorted(designs("cv"))
    if settings.PACKET_DEFAULT_DESIGN not in cv_designs:
        errors.append(checks.Error(
            f"PACKET_DEFAULT_DESIGN is {settings.PACKET_DEFAULT_DESIGN!r}, which is not a CV design.",
            hint=f"Choose one of {', '.join(cv_designs)}.", id="packets.E001"))
    if settings.LATEX_COMMAND and not latex.available():
        errors.append(checks.Info(
            f"LATEX_COMMAND={settings.LATEX_COMMAND!r} is not installed: packets render with Typst only.",
            id="packets.I001"))
    return errors

"""Which PDF engines a test may use: Typst always; LaTeX must be installed under CI (.ci/run installs it)."""

import os

import pytest

from packets.renderers import available_engines


def require(engine):
    if engine not in available_engines():
        message = f"{engine} is not installed (apt-get install texlive-latex-base texlive-latex-recommended texlive-fonts-recommended)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)

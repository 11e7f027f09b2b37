"""Shared fixtures and settings.

Hypothesis runs derandomized (the same examples on every run), so that CI's verdict on a
commit does not depend on luck; to explore new examples locally, run pytest with
``--hypothesis-profile=explore``.
"""

import numpy as np
import pytest
from hypothesis import settings

settings.register_profile("default", derandomize=True, deadline=None)
settings.register_profile("explore", derandomize=False, deadline=None)
settings.load_profile("default")


@pytest.fixture
def np_rng():
    return np.random.default_rng(0)

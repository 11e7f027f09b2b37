"""Shared fixtures: numpy's default generator with a fixed seed for reproducible inputs."""

import numpy as np
import pytest


@pytest.fixture
def np_rng():
    return np.random.default_rng(0)

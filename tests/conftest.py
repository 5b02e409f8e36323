"""Shared fixtures."""

from __future__ import annotations

import pytest

from graph_mtl.domain.bundle import Bundle
from tests.samples import make_sample_bundle


@pytest.fixture
def sample_bundle() -> Bundle:
    return make_sample_bundle()

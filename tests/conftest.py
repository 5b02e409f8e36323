"""Shared fixtures."""

from __future__ import annotations

import os

import pytest

from graph_mtl.bootstrap import wire
from graph_mtl.domain.bundle import Bundle
from tests.samples import make_sample_bundle

# The tests read English unless they ask for another language (`--lang`,
# Accept-Language): the built-in and demo playbooks are in Chinese.
os.environ["GRAPH_MTL_LANGUAGE"] = "en"
# Many tests build a store themselves, not through the wiring's `open_store`.
wire()


@pytest.fixture
def sample_bundle() -> Bundle:
    return make_sample_bundle()

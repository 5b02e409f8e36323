"""Shared fixtures."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from graph_mtl.bootstrap import wire
from graph_mtl.domain.bundle import Bundle
from tests.samples import make_sample_bundle

# The tests read English unless they ask for another language (`--lang`,
# Accept-Language): the built-in and demo playbooks are in Chinese.
os.environ["GRAPH_MTL_LANGUAGE"] = "en"
# Many tests build a store themselves, not through the wiring's `open_store`.
wire()
# No example has a time limit: the machines tests run on are shared and their
# load varies, so a deadline would fail correct code (a test's own settings may
# still ask for one, and none does).
settings.register_profile("graph-mtl", deadline=None)
settings.load_profile("graph-mtl")


@pytest.fixture
def sample_bundle() -> Bundle:
    return make_sample_bundle()

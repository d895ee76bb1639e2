"""The production settings plus one page for the bench: the floor (see bench.urls)."""

from network.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"

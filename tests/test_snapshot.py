"""tests/snapshot.py, which the browser tests that write start from: what it puts back is
the rows and the sequences as they were when it was taken, whatever was written since."""

from __future__ import annotations

import pytest

from network.models import User
from tests.conftest import needs_services
from tests.factories import UserFactory
from tests.snapshot import Snapshot


@needs_services
@pytest.mark.django_db
def test_a_snapshot_puts_back_every_row_and_the_next_id() -> None:
    kept = UserFactory(email="gardee@example.org")
    snapshot = Snapshot("test")
    snapshot.take()
    try:
        User.objects.filter(pk=kept.pk).update(email="modifiee@example.org")
        UserFactory(email="ajoutee@example.org")

        snapshot.restore()

        assert list(User.objects.values_list("email", flat=True)) == ["gardee@example.org"]
        assert UserFactory(email="suivante@example.org").pk == kept.pk + 1
    finally:
        snapshot.drop()

from __future__ import annotations

import pytest

from ..conftest import make_staff


@pytest.fixture
def portal(db, ward, departments):
    """The demo tree: life areas, sample pages and notices (ensure_site_structure runs too,
    so tests do not depend on what an earlier transactional test flushed)."""
    from kuyakusho.portal import demo

    demo.load(ward)
    from kuyakusho.portal.models import PortalRootPage

    return PortalRootPage.objects.get()


@pytest.fixture
def residents_editor(db, ward, departments):
    return make_staff("residents.editor@example.jp", departments["residents"], "editor")


@pytest.fixture
def residents_approver(db, ward, departments):
    return make_staff("residents.chief@example.jp", departments["residents"], "approver")


@pytest.fixture
def road_approver(db, ward, departments):
    return make_staff("road.chief@example.jp", departments["road"], "approver")

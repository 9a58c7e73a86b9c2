"""The CMS follows the ward's rules: departments own their pages, the department's approver
(課長) approves, publication is audited and reaches the site search, the CMS sits behind the
staff second factor, and only its screens get a relaxed Content-Security-Policy."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from kuyakusho.core.models import AuditRecord
from kuyakusho.core.search import search
from kuyakusho.portal.models import ContentPage, LifeAreaPage
from kuyakusho.portal.services import APPROVERS_GROUP, EDITORS_GROUP

from ..conftest import sign_in


def _page(slug: str) -> ContentPage:
    return ContentPage.objects.get(slug=slug)


def test_groups_follow_roles_at_sign_in(portal, residents_editor, residents_approver, resident):
    sign_in(Client(), residents_editor)
    sign_in(Client(), residents_approver)
    sign_in(Client(), resident)
    assert set(residents_editor.user.groups.values_list("name", flat=True)) == {EDITORS_GROUP}
    assert set(residents_approver.user.groups.values_list("name", flat=True)) == {
        EDITORS_GROUP,
        APPROVERS_GROUP,
    }
    assert not resident.user.groups.exists()


def test_losing_the_role_removes_the_cms_groups(
    portal, residents_editor, django_capture_on_commit_callbacks
):
    sign_in(Client(), residents_editor)
    with django_capture_on_commit_callbacks(execute=True):
        residents_editor.user.memberships.all().delete()
    assert not residents_editor.user.groups.exists()


@pytest.mark.parametrize(
    ("persona", "edit", "publish"),
    [
        ("residents_editor", True, False),
        ("residents_approver", True, True),
        ("road_staff", False, False),
        ("road_approver", False, False),
    ],
)
def test_department_decides_who_edits_and_publishes(portal, request, persona, edit, publish):
    staff = request.getfixturevalue(persona)
    sign_in(Client(), staff)
    tester = _page("juminhyo").permissions_for_user(staff.user)  # 区民課's page
    assert tester.can_edit() is edit
    assert tester.can_publish() is publish
    assert tester.can_delete() is publish  # deleting a live page takes it off the site


def test_editor_of_another_department_cannot_open_the_editor(portal, road_staff, residents_editor):
    page = _page("juminhyo")
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    own = sign_in(Client(), residents_editor).get(url)
    assert own.status_code == 200
    assert b'name="title"' in own.content
    other = sign_in(Client(), road_staff).get(url)
    assert other.status_code in (302, 403)
    assert b'name="title"' not in other.content


def test_new_page_may_only_name_an_own_department(portal, road_staff, departments):
    client = sign_in(Client(), road_staff)
    area = LifeAreaPage.objects.get(slug="kurashi")  # owned by 区民課; anyone may add under it
    url = reverse("wagtailadmin_pages:add", args=("portal", "contentpage", area.pk))
    data = {
        "title": "道路の占用許可（テスト）",
        "slug": "senyo-test",
        "body": '{"blocks":[{"key":"a","type":"unstyled","text":"本文","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "responsible_department": departments["residents"].pk,
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    refused = client.post(url, data)
    assert refused.status_code == 200  # the form again, with the error
    assert not ContentPage.objects.filter(slug="senyo-test").exists()
    assert "道路の占用許可（テスト）" in refused.content.decode()  # what was typed is kept
    data["responsible_department"] = departments["road"].pk
    accepted = client.post(url, data)
    assert accepted.status_code == 302
    created = ContentPage.objects.get(slug="senyo-test")
    assert created.responsible_department == departments["road"]
    assert not created.live  # a draft until the department approves it


def _submit_for_approval(page: ContentPage, editor) -> object:  # type: ignore[no-untyped-def]
    page.title = "住民票の写しの請求（改訂）"
    page.save_revision(user=editor.user)
    workflow_state = page.get_workflow().start(page, editor.user)
    return workflow_state.current_task_state


def test_only_the_departments_approver_approves(
    portal, residents_editor, residents_approver, road_approver
):
    page = _page("juminhyo")
    task_state = _submit_for_approval(page, residents_editor)
    task = task_state.task.specific
    assert task.get_actions(page, road_approver.user) == []
    assert task.get_actions(page, residents_editor.user) == []
    assert [name for name, _label, _modal in task.get_actions(page, residents_approver.user)] == [
        "reject",
        "approve",
        "approve",
    ]
    assert list(task.get_task_states_user_can_moderate(road_approver.user)) == []
    assert list(task.get_task_states_user_can_moderate(residents_approver.user)) == [task_state]

    url = reverse("wagtailadmin_pages:workflow_action", args=(page.pk, "approve", task_state.pk))
    refused = sign_in(Client(), road_approver).post(url)
    assert refused.status_code in (302, 403)
    page.refresh_from_db()
    assert page.title == "住民票の写しの請求（サンプル）"

    approved = sign_in(Client(), residents_approver).post(url)
    assert approved.status_code in (200, 302)
    page.refresh_from_db()
    assert page.title == "住民票の写しの請求（改訂）"
    assert page.live and not page.has_unpublished_changes
    record = AuditRecord.objects.filter(verb="portal.page.published", target_id=str(page.pk)).last()
    assert record.actor_id == residents_approver.user.pk
    assert record.data["department"] == "residents"
    assert search("改訂", doc_types=["page"]).hits[0].url == page.url


def test_unpublished_page_leaves_the_public_site_and_the_search(portal, residents_approver):
    sign_in(Client(), residents_approver)
    page = _page("juminhyo")
    assert search("写しの請求", doc_types=["page"]).total == 1
    assert Client().get(page.url).status_code == 200
    page.unpublish(user=residents_approver.user)
    assert Client().get(page.url).status_code == 404
    assert search("写しの請求", doc_types=["page"]).total == 0
    assert AuditRecord.objects.filter(
        verb="portal.page.unpublished", target_id=str(page.pk)
    ).exists()


def test_scheduled_page_goes_live_from_the_worker(portal, residents_approver):
    from kuyakusho.portal.tasks import publish_scheduled_pages

    page = _page("gomi")
    page.title = "ごみと資源の出し方（来月から）"
    revision = page.save_revision(
        user=residents_approver.user, approved_go_live_at=timezone.now() + timedelta(minutes=5)
    )
    publish_scheduled_pages.call()
    page.refresh_from_db()
    assert page.title == "ごみと資源の出し方（サンプル）"  # not yet
    type(revision).objects.filter(pk=revision.pk).update(
        approved_go_live_at=timezone.now() - timedelta(seconds=1)
    )
    publish_scheduled_pages.call()
    page.refresh_from_db()
    assert page.title == "ごみと資源の出し方（来月から）"
    assert search("来月から", doc_types=["page"]).total == 1


def test_cms_needs_the_staff_second_factor(portal, residents_editor, resident):
    url = "/staff/cms/"
    assert Client().get(url).status_code == 302
    half_signed_in = sign_in(Client(), residents_editor, second_factor=False).get(url)
    assert half_signed_in.status_code == 302
    assert half_signed_in["Location"].startswith("/accounts/")
    assert sign_in(Client(), resident).get(url).status_code in (302, 403)
    assert sign_in(Client(), residents_editor).get(url).status_code == 200


def test_only_cms_screens_allow_inline_scripts(portal, residents_editor):
    client = sign_in(Client(), residents_editor)
    cms = client.get("/staff/cms/")["Content-Security-Policy"]
    public = client.get(_page("juminhyo").url)["Content-Security-Policy"]
    staff = client.get("/staff/")["Content-Security-Policy"]
    assert "'unsafe-inline'" in cms
    assert "'unsafe-inline'" not in public
    assert "'unsafe-inline'" not in staff


def test_editor_previews_a_change_before_it_is_published(portal, residents_editor):
    client = sign_in(Client(), residents_editor)
    page = _page("juminhyo")
    url = reverse("wagtailadmin_pages:preview_on_edit", args=(page.pk,))
    data = {
        "title": "住民票の写し（プレビュー中）",
        "slug": page.slug,
        "body": '{"blocks":[{"key":"a","type":"unstyled","text":"新しい本文","depth":0,"inlineStyleRanges":[],"entityRanges":[]}],"entityMap":{}}',
        "responsible_department": page.responsible_department_id,
        "title_en": page.title_en,
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
    }
    assert client.post(url, data).json()["is_valid"] is True
    preview = client.get(url)
    html = preview.content.decode()
    assert "<h1>住民票の写し（プレビュー中）</h1>" in html  # our public template
    assert "frame-ancestors 'self'" in preview["Content-Security-Policy"]
    assert preview["X-Frame-Options"] == "SAMEORIGIN"
    assert "住民票の写し（プレビュー中）" not in Client().get(page.url).content.decode()

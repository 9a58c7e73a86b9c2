"""What residents read: pages by life area, notices by category, in their language where a
translation exists, with the responsible department and the last update on every page."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.test import Client
from wagtail.documents.models import Document

from kuyakusho.core.models import AuditRecord
from kuyakusho.notifications.models import Message, Topic
from kuyakusho.portal.models import ContentPage, NoticeCategory, NoticeIndexPage, NoticePage

from ..conftest import sign_in


def _in(language: str) -> Client:
    client = Client()
    client.get(f"/lang/{language}/")
    return client


def test_page_shows_department_last_update_and_breadcrumbs(portal):
    page = ContentPage.objects.get(slug="juminhyo")
    html = Client().get(page.url).content.decode()
    assert "<h1>住民票の写しの請求（サンプル）</h1>" in html
    assert "担当</dt>\n    <dd>区民課</dd>" in html
    assert f'datetime="{page.last_published_at.isoformat()}' in html or "最終更新日" in html
    assert '<a href="/kurashi/">くらし・手続き</a>' in html


def test_english_readers_get_the_english_version_or_a_clear_note(portal):
    page = ContentPage.objects.get(slug="juminhyo")
    english = _in("en").get(page.url).content.decode()
    assert "Requesting a copy of your residence record (sample)" in english
    assert "このページは日本語だけで提供しています。" not in english
    page.title_en = ""
    page.save_revision().publish()
    japanese_only = _in("en").get(page.url).content.decode()
    assert "住民票の写しの請求（サンプル）" in japanese_only
    assert "This page is available in Japanese only." in japanese_only
    assert "これは日本語だけ" not in _in("ja").get(page.url).content.decode()


def test_draft_changes_and_unpublished_pages_stay_private(portal, residents_editor):
    page = ContentPage.objects.get(slug="gomi")
    page.title = "まだ公開しない題名"
    page.save_revision(user=residents_editor.user)
    assert "まだ公開しない題名" not in Client().get(page.url).content.decode()
    area = page.get_parent()
    draft = ContentPage(
        title="下書きのページ",
        slug="draft-only",
        body="<p>x</p>",
        responsible_department=page.responsible_department,
        live=False,
    )
    area.add_child(instance=draft)
    assert Client().get("/kurashi/draft-only/").status_code == 404
    assert "下書きのページ" not in Client().get(area.url).content.decode()


def test_notices_filter_by_category_and_ignore_unknown_ones(portal):
    index = NoticeIndexPage.objects.get()
    only_disaster = Client().get(index.url, {"category": "bosai"}).content.decode()
    assert "区民防災訓練の参加者募集（サンプル）" in only_disaster
    assert "区道の舗装工事のお知らせ（サンプル）" not in only_disaster
    unknown = Client().get(index.url, {"category": "<script>alert(1)</script>"})
    assert unknown.status_code == 200
    body = unknown.content.decode()
    assert "区道の舗装工事のお知らせ（サンプル）" in body  # falls back to all categories
    assert "<script>alert(1)" not in body
    assert Client().get(index.url, {"page": "9999"}).status_code == 200  # last page, not a 500


def test_attachments_list_type_and_size(portal, residents_approver):
    document = Document(title="申請書（サンプル）")
    document.file.save("shinseisho.pdf", ContentFile(b"%PDF-1.4\n" + b"0" * 2048), save=False)
    document.save()
    page = ContentPage.objects.get(slug="juminhyo")
    page.attachments.create(document=document, label="")
    page.save_revision(user=residents_approver.user).publish()
    html = Client().get(page.url).content.decode()
    assert "申請書（サンプル）</a>" in html
    assert "（PDF、2.0 KB）" in html.replace("\xa0", " ")
    download = Client().get(page.attachments.get().document.url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_notice_is_pushed_to_subscribers_once(portal, road_approver, departments):
    sign_in(Client(), road_approver)
    topic = Topic.objects.create(
        code="road-info", name_ja="道路の情報", department=departments["road"]
    )
    notice = NoticePage(
        title="通行止めのお知らせ（テスト）",
        slug="closure-test",
        summary="工事のため、明日の夜は通行止めです。",
        category=NoticeCategory.objects.get(code="kurashi"),
        responsible_department=departments["road"],
        notify_topic=topic,
    )
    NoticeIndexPage.objects.get().add_child(instance=notice)
    notice.save_revision(user=road_approver.user).publish(user=road_approver.user)
    message = Message.objects.get(topic=topic)
    translation = message.translations.get(language="ja")
    assert translation.subject == "通行止めのお知らせ（テスト）"
    assert notice.url in translation.body
    assert message.status != "draft"
    notice.refresh_from_db()
    notice.summary = "訂正: 通行止めは明後日です。"
    notice.save_revision(user=road_approver.user).publish(user=road_approver.user)
    assert Message.objects.filter(topic=topic).count() == 1  # a correction is not sent again
    assert AuditRecord.objects.filter(verb="portal.notice.pushed").count() == 1


def test_a_push_the_publisher_may_not_send_is_recorded_not_sent(portal, road_approver, departments):
    sign_in(Client(), road_approver)
    childcare_topic = Topic.objects.create(
        code="kids", name_ja="子育て", department=departments["childcare"]
    )
    notice = NoticePage(
        title="道路課からのお知らせ（テスト）",
        slug="push-refused",
        summary="本文",
        category=NoticeCategory.objects.get(code="kurashi"),
        responsible_department=departments["road"],
        notify_topic=childcare_topic,
    )
    NoticeIndexPage.objects.get().add_child(instance=notice)
    notice.save_revision(user=road_approver.user).publish(user=road_approver.user)
    assert NoticePage.objects.get(pk=notice.pk).live
    assert not Message.objects.filter(topic=childcare_topic).exists()
    assert AuditRecord.objects.filter(verb="portal.notice.push_failed").exists()

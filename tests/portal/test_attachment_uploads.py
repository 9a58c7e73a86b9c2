"""Attachments (Wagtail documents) are checked for what they are when a department editor
uploads them in the CMS: a disguised file is refused with the reason and nothing is stored,
real files of every kind are stored and audited, and only CMS editors may upload at all."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from wagtail.documents import get_document_model
from wagtail.models import Collection

from kuyakusho.core.models import AuditRecord

from ..conftest import make_staff, sign_in
from ..core import upload_samples as samples

Document = get_document_model()
MARKUP_MESSAGE = (
    "このファイルは .pdf ではなく、ウェブページ（HTML）やスクリプトです。"
    "このようなファイルは受け付けられません。"
)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


@pytest.fixture
def editor_client(portal, residents_editor) -> Client:
    return sign_in(Client(), residents_editor)


def _stored_files(media) -> list:  # type: ignore[no-untyped-def]
    return [path for path in media.rglob("*") if path.is_file()]


def _add(client: Client, title: str, uploaded) -> object:  # type: ignore[no-untyped-def]
    collection = Collection.get_first_root_node()
    return client.post(
        reverse("wagtaildocs:add"),
        {"title": title, "file": uploaded, "collection": collection.pk, "tags": ""},
    )


def test_a_web_page_named_pdf_is_refused_with_the_reason_and_nothing_is_stored(
    editor_client, media
):
    uploaded = samples.upload("住民票の申請書.pdf", samples.HTML_PAGE, "application/pdf")
    response = _add(editor_client, "住民票の申請書（サンプル）", uploaded)
    assert response.status_code == 200  # the form again
    body = response.content.decode()
    assert MARKUP_MESSAGE in body
    assert "住民票の申請書（サンプル）" in body  # the title typed is kept
    assert not Document.objects.exists()
    assert _stored_files(media) == []
    assert not AuditRecord.objects.filter(verb="portal.document.added").exists()


def test_the_multiple_uploader_refuses_it_too(editor_client, media):
    response = editor_client.post(
        reverse("wagtaildocs:add_multiple"),
        {
            "files[]": samples.upload("leaflet.pdf", samples.HTML_PAGE),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.json() == {"success": False, "error_message": MARKUP_MESSAGE}
    assert not Document.objects.exists()
    assert _stored_files(media) == []


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("leaflet.pdf", samples.pdf()),
        ("form.docx", samples.docx()),
        ("list.xlsx", samples.xlsx()),
        ("list.csv", samples.CSV_TEXT.encode("cp932")),
    ],
)
def test_real_files_are_stored_and_audited(editor_client, residents_editor, media, name, content):
    response = _add(editor_client, "添付（サンプル）", samples.upload(name, content))
    assert response.status_code == 302, response.content.decode()[:2000]
    document = Document.objects.get()
    with document.file.open() as stored:
        assert stored.read() == content
    assert len(_stored_files(media)) == 1
    record = AuditRecord.objects.get(verb="portal.document.added")
    assert record.actor_id == residents_editor.user.pk
    assert record.data["extension"] == name.rsplit(".", 1)[1]
    assert record.data["size"] == len(content)


def test_an_oversized_file_is_refused_before_it_is_stored(editor_client, settings, media):
    settings.MAX_DOCUMENT_BYTES = settings.WAGTAILDOCS_MAX_UPLOAD_SIZE = 1024
    big = samples.upload("leaflet.pdf", b"%PDF-1.4\n" + b"0" * (4096 - 9))
    response = _add(editor_client, "大きい資料", big)
    assert response.status_code == 200
    body = response.content.decode()
    assert "ファイルが大きすぎます（4.0\xa0KB）。1.0\xa0KB 以下のファイルを選んでください。" in body
    assert not Document.objects.exists()
    assert _stored_files(media) == []


def test_the_form_says_what_may_be_uploaded(editor_client):
    body = editor_client.get(reverse("wagtaildocs:add")).content.decode()
    assert (
        "使えるのは .pdf, .docx, .xlsx, .csv, .txt, .odt, .ods のファイルで、20.0\xa0MB までです。"
        in body
    )
    assert 'accept=".pdf,.docx,.xlsx,.csv,.txt,.odt,.ods"' in body


def test_replacing_the_file_of_a_document_is_checked_too(editor_client, media):
    assert (
        _add(editor_client, "お知らせ", samples.upload("a.pdf", samples.pdf())).status_code == 302
    )
    document = Document.objects.get()
    before = document.file.name
    response = editor_client.post(
        reverse("wagtaildocs:edit", args=(document.pk,)),
        {
            "title": "お知らせ",
            "file": samples.upload("a.pdf", samples.docx()),
            "collection": document.collection_id,
            "tags": "",
        },
    )
    assert response.status_code == 200
    assert ".pdf の形式ではありません" in response.content.decode()
    document.refresh_from_db()
    assert document.file.name == before
    assert len(_stored_files(media)) == 1


@pytest.mark.parametrize("persona", ["resident", "clerk"])
def test_only_cms_editors_may_upload(portal, departments, resident, request, media, persona):
    # A clerk (role "staff") of 区民課 has no portal.edit_pages in any department.
    if persona == "clerk":
        user = make_staff("residents.clerk@example.jp", departments["residents"], "staff")
    else:
        user = request.getfixturevalue(persona)
    client = sign_in(Client(), user)
    response = _add(client, "資料", samples.upload("leaflet.pdf", samples.pdf()))
    assert response.status_code in (302, 403)
    assert not response.get("Location", "").startswith("/staff/cms/documents/")
    assert not Document.objects.exists()
    assert _stored_files(media) == []

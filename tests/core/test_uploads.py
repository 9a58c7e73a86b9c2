"""Uploads are checked for what they are, not for what they are called (core.uploads): the
shared checks called directly, as a service does, and the ward emblem through its form."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile

from kuyakusho.core.uploads import DOCUMENT_CHECKS, validate_document, validate_image

from ..conftest import reauthenticate
from . import upload_samples as samples
from .test_ward_profile import _form_data


def _refusal(uploaded, **kwargs) -> ValidationError:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        validate_document(uploaded, **kwargs)
    return caught.value


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("お知らせ.pdf", samples.pdf()),
        ("申請書.docx", samples.docx()),
        ("一覧.xlsx", samples.xlsx()),
        ("一覧.csv", samples.CSV_TEXT.encode("utf-8")),
        ("一覧_excel.csv", b"\xef\xbb\xbf" + samples.CSV_TEXT.encode("utf-8")),  # Excel's BOM
        ("一覧_sjis.csv", samples.CSV_TEXT.encode("cp932")),
        ("説明.txt", "区役所からのお知らせ\r\n（サンプル）\r\n".encode("cp932")),
        ("文書.odt", samples.odf()),
        ("表.ods", samples.odf("application/vnd.oasis.opendocument.spreadsheet")),
        ("大文字.PDF", samples.pdf()),
    ],
)
def test_real_documents_pass_and_are_left_ready_to_store(name, content):
    uploaded = samples.upload(name, content)
    validate_document(uploaded)
    assert uploaded.read() == content  # read from the start when it is stored


def test_a_file_opened_by_a_service_is_checked_the_same_way():
    validate_document(ContentFile(samples.pdf(), name="leaflet.pdf"))
    refusal = _refusal(ContentFile(samples.HTML_PAGE, name="leaflet.pdf"))
    assert refusal.code == "markup"


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        # A web page with a script, named and typed as a PDF.
        ("leaflet.pdf", samples.HTML_PAGE, "markup"),
        ("leaflet.pdf", b"\xef\xbb\xbf  <html><body>%PDF-1.7</body></html>", "markup"),
        ("leaflet.pdf", "<html><script>x</script></html>".encode("utf-16"), "markup"),
        ("leaflet.pdf", b"alert(document.cookie);\n%PDF-1.4", "content_mismatch"),
        ("leaflet.pdf", samples.docx(), "content_mismatch"),
        ("leaflet.pdf", b"", "content_mismatch"),
        ("form.docx", samples.pdf(), "content_mismatch"),
        ("form.docx", samples.plain_zip(), "content_mismatch"),
        ("form.docx", samples.xlsx(), "content_mismatch"),  # a workbook renamed
        ("form.docx", samples.docx(samples.DOCM_MAIN), "content_mismatch"),  # macros, renamed
        ("form.docx", b"MZ\x90\x00" + samples.docx(), "content_mismatch"),  # ZIP appended
        ("form.docx", samples.HTML_PAGE + samples.docx(), "markup"),
        ("form.docx", samples.docx()[:200], "content_mismatch"),  # cut short
        ("table.xlsx", samples.docx(), "content_mismatch"),
        ("text.odt", samples.odf("application/vnd.oasis.opendocument.spreadsheet"), "content_mismatch"),
        ("sheet.ods", samples.docx(), "content_mismatch"),
        ("list.csv", samples.CSV_TEXT.encode("utf-16"), "content_mismatch"),  # NUL bytes
        ("list.csv", samples.png(), "content_mismatch"),
        ("list.csv", b"\x82\xa0\x82", "text_encoding"),  # cp932 cut in the middle of a character
        ("list.csv", b"name,colour\nA,\x1b[31mred\n", "text_encoding"),
        ("notes.txt", b"  <script>alert(1)</script>", "markup"),
        ("run.exe", b"MZ\x90\x00", "unsupported_type"),
        ("no-extension", samples.pdf(), "unsupported_type"),
        ("leaflet.pdf.html", samples.HTML_PAGE, "unsupported_type"),
    ],
)  # fmt: skip
def test_files_that_are_not_what_they_claim_are_refused_with_a_reason(name, content, code):
    refusal = _refusal(samples.upload(name, content))
    assert refusal.code == code
    assert refusal.messages[0]  # a sentence for the person, not a code


def test_the_messages_name_the_problem_in_japanese():
    disguised = _refusal(samples.upload("leaflet.pdf", samples.HTML_PAGE))
    assert disguised.messages == [
        "このファイルは .pdf ではなく、ウェブページ（HTML）やスクリプトです。"
        "このようなファイルは受け付けられません。"
    ]
    renamed = _refusal(samples.upload("form.docx", samples.pdf()))
    assert ".docx の形式ではありません" in renamed.messages[0]
    unsupported = _refusal(samples.upload("run.exe", b"MZ"), allowed=["pdf", "csv"])
    assert unsupported.messages == [
        "「run.exe」は受け付けていない種類のファイルです。使えるのは .pdf, .csv です。"
    ]
    garbled = _refusal(samples.upload("list.csv", b"\x82\xa0\x82"))
    assert "UTF-8 かシフトJIS" in garbled.messages[0]


def test_an_oversized_file_is_refused_before_its_content_is_read(settings):
    settings.MAX_DOCUMENT_BYTES = 1024
    uploaded = samples.upload("big.pdf", b"%PDF-1.4\n" + b"0" * 2000)
    refusal = _refusal(uploaded)
    assert refusal.code == "file_too_large"
    assert refusal.messages == [
        "ファイルが大きすぎます（2.0\xa0KB）。1.0\xa0KB 以下のファイルを選んでください。"
    ]
    assert uploaded.tell() == 0


def test_an_extension_without_a_check_is_refused_even_when_allowed():
    refusal = _refusal(samples.upload("slides.pptx", samples.docx()), allowed=["pdf", "pptx"])
    assert refusal.code == "unsupported_type"
    assert "pptx" not in refusal.messages[0].split("使えるのは")[1]


def test_every_wagtail_document_extension_has_a_check(settings):
    from django.core import checks

    assert set(settings.WAGTAILDOCS_EXTENSIONS) <= set(DOCUMENT_CHECKS)
    assert not [m for m in checks.run_checks() if m.id == "kuyakusho.E001"]
    settings.WAGTAILDOCS_EXTENSIONS = [*settings.WAGTAILDOCS_EXTENSIONS, "pptx"]
    assert [m.id for m in checks.run_checks() if m.id == "kuyakusho.E001"] == ["kuyakusho.E001"]


# --- images ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "code"),
    [
        ("emblem.png", samples.png(), None),
        ("emblem.jpg", samples.png("JPEG"), None),
        ("emblem.webp", samples.png("WEBP"), None),
        ("emblem.png", samples.png("JPEG"), "content_mismatch"),
        ("emblem.png", samples.png("BMP"), "content_mismatch"),
        ("emblem.png", samples.HTML_PAGE, "content_mismatch"),
        ("emblem.bmp", samples.png("BMP"), "unsupported_type"),
        ("emblem.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script/></svg>', "unsupported_type"),
    ],
)  # fmt: skip
def test_images_are_checked_against_their_name(name, content, code):
    uploaded = ContentFile(content, name=name)
    if code is None:
        validate_image(uploaded)
        assert uploaded.tell() == 0
        return
    with pytest.raises(ValidationError) as caught:
        validate_image(uploaded)
    assert caught.value.code == code


@pytest.fixture
def settings_page(ict_client, ict_admin, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return reauthenticate(ict_client, ict_admin)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("emblem.png", samples.png("BMP"), "ファイルの中身が .png の形式ではありません"),
        ("emblem.svg", b"<svg xmlns='http://www.w3.org/2000/svg'/>", "受け付けていない種類"),
    ],
)
def test_a_disguised_emblem_is_refused_nothing_is_stored_and_the_form_is_kept(
    settings_page, ward, tmp_path, name, content, message
):
    data = _form_data(ward, address="東京都練馬区テスト1-2-3")
    data["emblem"] = samples.upload(name, content, "image/png")
    response = settings_page.post("/staff/ward/", data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "東京都練馬区テスト1-2-3" in body  # what was typed is kept
    ward.refresh_from_db()
    assert not ward.emblem and ward.address != "東京都練馬区テスト1-2-3"
    assert not list(tmp_path.rglob("*.*"))


@pytest.mark.django_db
def test_a_real_emblem_is_stored(settings_page, ward, tmp_path):
    data = {**_form_data(ward), "emblem": samples.upload("emblem.png", samples.png(), "image/png")}
    response = settings_page.post("/staff/ward/", data)
    assert response.status_code == 302
    ward.refresh_from_db()
    assert ward.emblem.read() == samples.png()
    assert (
        'accept=".png,.jpg,.jpeg,.gif,.webp"' in settings_page.get("/staff/ward/").content.decode()
    )

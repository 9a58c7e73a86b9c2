"""The gettext catalogs: complete, well-formed, and actually used at run time.

Japanese is the source language (every msgid is Japanese), so `ja` has no catalog. Each other
language in settings.LANGUAGES has `kuyakusho/locale/<to_locale(code)>/LC_MESSAGES/django.po`.
No database is needed.
"""

from __future__ import annotations

import re
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from kuyakusho.core.i18n_build import LOCALE_DIR, compile_catalogs

SOURCE_LANGUAGE = "ja"

# Plural-Forms that each catalog must declare (gettext/CLDR rules).
PLURAL_FORMS = {
    "en": "nplurals=2; plural=(n != 1);",
    "ja-x-easy": "nplurals=1; plural=0;",
    "zh-hans": "nplurals=1; plural=0;",
    "zh-hant": "nplurals=1; plural=0;",
    "ko": "nplurals=1; plural=0;",
}

# Chrome strings shown on every page, with what each language must show for them.
CHROME = {
    "ログイン": {
        "en": "Sign in",
        "zh-hans": "登录",
        "zh-hant": "登入",
        "ko": "로그인",
        "ja-x-easy": "ログイン",
    },
    "本文へ移動": {
        "en": "Skip to main content",
        "zh-hans": "跳到正文",
        "zh-hant": "跳到主要內容",
        "ko": "본문 바로가기",
        "ja-x-easy": "ページの ないようへ すすむ",
    },
    "文字の大きさ・ふりがな": {
        "en": "Text size and furigana",
        "zh-hans": "文字大小・读音假名",
        "zh-hant": "文字大小・讀音假名",
        "ko": "글자 크기·후리가나",
        "ja-x-easy": "もじの おおきさ・ふりがな",
    },
}

PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]")

TRANSLATED_LANGUAGES = [code for code, _name in settings.LANGUAGES if code != SOURCE_LANGUAGE]

# Build the .mo files before any translation is activated in this module (Django caches the
# catalogs it has loaded), then drop whatever was cached so the fresh .mo files are read.
compile_catalogs()
trans_real._translations.clear()
trans_real.translation_catalog_exists.cache_clear()


def po_path(code: str) -> Path:
    return LOCALE_DIR / translation.to_locale(code) / "LC_MESSAGES" / "django.po"


def load(code: str) -> polib.POFile:
    path = po_path(code)
    assert path.exists(), f"missing catalog for {code}: {path}"
    return polib.pofile(str(path))


def live_entries(catalog: polib.POFile) -> list[polib.POEntry]:
    return [entry for entry in catalog if not entry.obsolete]


def placeholders(text: str) -> set[str]:
    return set(PLACEHOLDER.findall(text))


def test_every_configured_language_but_the_source_has_a_catalog():
    assert set(TRANSLATED_LANGUAGES) == set(PLURAL_FORMS)
    for code in TRANSLATED_LANGUAGES:
        assert po_path(code).exists(), code
    assert not (LOCALE_DIR / SOURCE_LANGUAGE).exists(), (
        "Japanese is the source language: no catalog"
    )


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_header_declares_language_plural_forms_and_utf8(code):
    catalog = load(code)
    assert not catalog.metadata_is_fuzzy, "a fuzzy header makes gettext ignore the charset"
    assert catalog.metadata.get("Language") == translation.to_locale(code)
    assert catalog.metadata.get("Plural-Forms") == PLURAL_FORMS[code]
    assert catalog.metadata.get("Content-Type") == "text/plain; charset=UTF-8"


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_every_entry_is_translated_and_not_fuzzy(code):
    catalog = load(code)
    entries = live_entries(catalog)
    assert entries, f"{code}: empty catalog"
    fuzzy = [entry.msgid for entry in entries if "fuzzy" in entry.flags]
    assert not fuzzy, f"{code}: fuzzy entries (ignored at run time): {fuzzy}"
    untranslated = [entry.msgid for entry in entries if not entry.translated()]
    assert not untranslated, f"{code}: untranslated entries: {untranslated}"
    nplurals = int(re.search(r"nplurals=(\d+)", PLURAL_FORMS[code]).group(1))
    for entry in entries:
        if entry.msgid_plural:
            assert sorted(entry.msgstr_plural) == list(range(nplurals)), (code, entry.msgid)
            assert all(value.strip() for value in entry.msgstr_plural.values()), (code, entry.msgid)
        else:
            assert entry.msgstr.strip(), (code, entry.msgid)


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_placeholders_in_translations_match_the_msgid(code):
    problems = []
    for entry in live_entries(load(code)):
        if entry.msgid_plural:
            expected = placeholders(entry.msgid_plural)
            translations = list(entry.msgstr_plural.values())
        else:
            expected = placeholders(entry.msgid)
            translations = [entry.msgstr]
        for text in translations:
            if placeholders(text) != expected:
                problems.append((entry.msgid, text))
            if "<" in text and "<" not in entry.msgid:
                problems.append((entry.msgid, f"HTML in translation: {text}"))
    assert not problems, f"{code}: {problems}"


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_all_catalogs_hold_the_same_msgids(code):
    reference = {(e.msgid, e.msgid_plural) for e in live_entries(load("en"))}
    assert {(e.msgid, e.msgid_plural) for e in live_entries(load(code))} == reference


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_catalog_was_extracted_from_the_project_only(code):
    outside = [
        path
        for entry in live_entries(load(code))
        for path, _line in entry.occurrences
        if path.startswith(("/", "..")) or "site-packages" in path
    ]
    assert not outside, (
        f"{code}: msgids extracted from outside the kuyakusho package: {outside[:5]}"
    )


@pytest.mark.parametrize("code", TRANSLATED_LANGUAGES)
def test_chrome_strings_are_translated_at_run_time(code):
    for msgid, expected in CHROME.items():
        with translation.override(code):
            shown = translation.gettext(msgid)
        assert shown == expected[code], (code, msgid, shown)
    with translation.override(code):
        assert translation.gettext("本文へ移動") != "本文へ移動"


def test_plural_forms_are_used_at_run_time():
    with translation.override("en"):
        assert translation.ngettext("%(n)s 件", "%(n)s 件", 1) % {"n": 1} == "1 record"
        assert translation.ngettext("%(n)s 件", "%(n)s 件", 3) % {"n": 3} == "3 records"
    with translation.override("ko"):
        assert translation.ngettext("%(n)s 件", "%(n)s 件", 3) % {"n": 3} == "3건"


def test_source_language_shows_the_msgid():
    with translation.override(SOURCE_LANGUAGE):
        assert translation.gettext("ログイン") == "ログイン"
        assert translation.gettext("本文へ移動") == "本文へ移動"

"""Sample pages and notices for `kuyakusho demo`. All text is sample text (サンプル)."""

from __future__ import annotations

from typing import Any

from kuyakusho.core.models import Department

# (slug, title, English title, department code, intro)
LIFE_AREAS = [
    (
        "kurashi",
        "くらし・手続き",
        "Living and procedures",
        "residents",
        "住民票、ごみ、住まいなどの手続きと情報です。",
    ),
    (
        "kosodate",
        "子育て・教育",
        "Children and education",
        "childcare",
        "妊娠・出産から子育て、学校までの情報です。",
    ),
    (
        "kenko",
        "健康・福祉",
        "Health and welfare",
        "childcare",
        "健診、予防接種、介護、福祉の情報です。",
    ),
    (
        "bosai",
        "防災・安全",
        "Disaster prevention and safety",
        "disaster",
        "災害への備え、避難所、安全なまちづくりの情報です。",
    ),
    ("kusei", "区政情報", "About the ward", "publicity", "計画、予算、統計、区の取り組みです。"),
]

# (life area slug, slug, title, English title, department code, body)
CONTENT_PAGES = [
    (
        "kurashi",
        "juminhyo",
        "住民票の写しの請求（サンプル）",
        "Requesting a copy of your residence record (sample)",
        "residents",
        "<h2>請求できる人</h2><p>本人または同じ世帯の人です。代理人は委任状が必要です。</p>"
        "<h2>必要なもの</h2><ul><li>本人確認書類</li><li>手数料</li></ul>",
    ),
    (
        "kurashi",
        "gomi",
        "ごみと資源の出し方（サンプル）",
        "How to put out garbage and recycling (sample)",
        "road",
        "<p>ごみは収集日の朝8時までに、決められた場所に出してください。</p>"
        "<h2>分け方</h2><ol><li>可燃ごみ</li><li>不燃ごみ</li><li>資源</li></ol>",
    ),
    (
        "kosodate",
        "hoikuen",
        "保育園の入園申込み（サンプル）",
        "Applying for nursery school (sample)",
        "childcare",
        "<p>4月入園の申込みは前年の11月に受け付けます。</p><h2>申込みに必要な書類</h2><ul><li>申込書</li><li>就労証明書</li></ul>",
    ),
    (
        "bosai",
        "hinanjo",
        "避難所の開設について（サンプル）",
        "About evacuation shelters (sample)",
        "disaster",
        "<p>大きな地震のときは、区立小中学校などが避難拠点になります。</p>",
    ),
]

CATEGORIES = [
    ("kurashi", "くらし", "Living"),
    ("boshu", "募集", "Recruitment"),
    ("bosai", "防災", "Disaster prevention"),
    ("kenko", "健康", "Health"),
]

# (slug, title, English title, department code, category code, summary)
NOTICES = [
    (
        "road-works-sample",
        "区道の舗装工事のお知らせ（サンプル）",
        "Road resurfacing notice (sample)",
        "road",
        "kurashi",
        "区道の舗装工事のため、工事期間中は片側交互通行になります。",
    ),
    (
        "checkup-sample",
        "乳幼児健診の日程（サンプル）",
        "Infant health check-up dates (sample)",
        "childcare",
        "kenko",
        "4か月児健診の日程をお知らせします。対象の方には個別に通知します。",
    ),
    (
        "drill-sample",
        "区民防災訓練の参加者募集（サンプル）",
        "Join the ward disaster drill (sample)",
        "disaster",
        "bosai",
        "地域の防災訓練に参加する区民を募集します。",
    ),
]


def load(ward: Any) -> None:
    """Idempotent: pages that exist (by slug) are left as they are."""
    from wagtail.models import Page

    from .models import ContentPage, LifeAreaPage, NoticeCategory, NoticeIndexPage, NoticePage
    from .setup import ensure_site_structure

    root = ensure_site_structure()
    departments = {d.code: d for d in Department.objects.all()}
    areas = {}
    for slug, title, title_en, department, intro in LIFE_AREAS:
        page = LifeAreaPage.objects.filter(slug=slug).first()
        if page is None:
            page = LifeAreaPage(
                slug=slug,
                title=title,
                title_en=title_en,
                intro=intro,
                responsible_department=departments[department],
            )
            root.add_child(instance=page)
            page.save_revision().publish()
        areas[slug] = page
    for area, slug, title, title_en, department, body in CONTENT_PAGES:
        if not ContentPage.objects.filter(slug=slug).exists():
            page = ContentPage(
                slug=slug,
                title=title,
                title_en=title_en,
                body=body,
                responsible_department=departments[department],
            )
            areas[area].add_child(instance=page)
            page.save_revision().publish()
    categories = {}
    for code, name_ja, name_en in CATEGORIES:
        categories[code], _ = NoticeCategory.objects.get_or_create(
            code=code, defaults={"name_ja": name_ja, "name_en": name_en}
        )
    index = NoticeIndexPage.objects.first()
    if index is None:
        index = NoticeIndexPage(slug="notices", title="お知らせ")
        Page.objects.get(pk=root.pk).add_child(instance=index)
        index.save_revision().publish()
    for slug, title, title_en, department, category, summary in NOTICES:
        if not NoticePage.objects.filter(slug=slug).exists():
            notice = NoticePage(
                slug=slug,
                title=title,
                title_en=title_en,
                summary=summary,
                category=categories[category],
                responsible_department=departments[department],
            )
            index.add_child(instance=notice)
            notice.save_revision().publish()

"""Two sample screens for the demo, both named サンプル. The ICT division runs the one in the
main building (so the demo ICT admin can change it and try an override); 区民課 runs the
community-centre lobby's. Idempotent: a screen that exists (by slug) is left as it is."""

from __future__ import annotations

from typing import Any

from kuyakusho.core.models import Department
from kuyakusho.portal.selectors import notice_categories

from .models import Screen

# (slug, name, location, department code, category codes, event days, seconds, message)
SCREENS = [
    (
        "honchosha-1f",
        "区役所本庁舎1階（サンプル）",
        "区役所本庁舎1階 総合案内の横（サンプル）",
        "ict",
        ["kurashi", "boshu", "bosai", "kenko"],
        14,
        15,
        "これはサンプルの画面です。表示している内容はデモ用の架空の情報です。",
    ),
    (
        "kuminkan-lobby",
        "区民館ロビー（サンプル）",
        "サンプル東町区民館 1階ロビー（サンプル）",
        "residents",
        ["boshu", "kenko"],
        30,
        20,
        "",
    ),
]


def load(ward: Any) -> None:
    departments = {d.code: d for d in Department.objects.all()}
    categories = {c.code: c for c in notice_categories()}
    for slug, name, location, department, codes, days, seconds, message in SCREENS:
        if Screen.objects.filter(slug=slug).exists() or department not in departments:
            continue
        screen = Screen.objects.create(
            slug=slug,
            name=name,
            location=location,
            department=departments[department],
            event_days=days,
            seconds_per_slide=seconds,
            message=message,
            is_sample=True,
        )
        screen.notice_categories.set([categories[c] for c in codes if c in categories])

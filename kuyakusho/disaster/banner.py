"""The site-wide banner: every page says that an alert is in force and links to /disaster/."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _

from kuyakusho.core.banners import Banner
from kuyakusho.core.i18n import html_lang

from . import selectors
from .models import AlertKind

EMERGENCY_KINDS = {AlertKind.EVACUATION_ORDER, AlertKind.EMERGENCY_SAFETY, AlertKind.EARTHQUAKE}


def alert_banners(language: str) -> list[Banner]:
    banners = []
    for alert in selectors.active_alerts():
        words = selectors.words_in(alert, language)
        banners.append(
            Banner(
                text=words.headline,
                url=reverse("disaster:page"),
                link_text=_("災害情報を見る"),
                lang=html_lang(words.language) if words.language != language else "",
                is_exercise=alert.is_exercise,
                is_emergency=alert.kind in EMERGENCY_KINDS or alert.severity == "Extreme",
            )
        )
    return banners

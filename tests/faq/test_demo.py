"""The demo's FAQ: sample categories and about thirty answers that say they are samples,
searchable at once, a few inquiries in different states; loading twice changes nothing."""

from __future__ import annotations

import pytest

from kuyakusho.core.demo import load_demo
from kuyakusho.faq import selectors
from kuyakusho.faq.models import Answer, AnswerTranslation, Category, Inquiry, InquiryStatus

pytestmark = pytest.mark.django_db


def test_the_demo_faq_is_sample_data_searchable_and_loads_once():
    load_demo("nerima")
    assert Category.objects.count() == 7
    assert Answer.objects.filter(status="published").count() >= 30
    for text in AnswerTranslation.objects.all():
        assert text.body.startswith(
            ("【サンプル回答】", "[Sample answer]", "【れんしゅうの こたえ】")
        )
    hits = selectors.search_answers("じゅうみんひょう", "ja").hits
    assert [h.text.question for h in hits] == ["住民票の写しを取りたい"]
    assert selectors.search_answers("ｿﾀﾞｲ", "ja").hits  # 粗大ごみ, by its reading
    statuses = set(Inquiry.objects.values_list("status", flat=True))
    assert statuses == {InquiryStatus.RECEIVED, InquiryStatus.ANSWERED, InquiryStatus.CLOSED}
    assert all(i.email.endswith("@example.jp") for i in Inquiry.objects.all())
    assert selectors.self_resolution_rate().total > 0

    counts = (Answer.objects.count(), Inquiry.objects.count(), Category.objects.count())
    load_demo("nerima")
    assert (Answer.objects.count(), Inquiry.objects.count(), Category.objects.count()) == counts

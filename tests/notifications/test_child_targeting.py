"""Households with a child of a given age: the rule reaches only residents who consented, staff
see the rule and the reach before sending, and bad rules are refused keeping what was typed."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.utils import timezone

from kuyakusho.accounts.services import _years_before, add_child
from kuyakusho.notifications import fanout, selectors, services
from kuyakusho.notifications.models import Delivery, Message

from ..conftest import make_resident, sign_in
from .conftest import make_subscriber

pytestmark = pytest.mark.django_db

TEXTS = {"ja": ("3歳児健診のご案内", "健診の日程をお知らせします。")}


def _resident_with_child(email, topic, *, age_days, consent=True):
    """A signed-up resident subscribed to `topic` (inbox), with a child born `age_days` ago."""
    resident = make_resident(email)
    add_child(
        resident.user,
        birth_date=timezone.localdate() - timedelta(days=age_days),
        actor=resident.user,
    )
    make_subscriber(
        email,
        topics=[topic],
        channels=["inbox"],
        user=resident.user,
        profile_targeting_consent=consent,
    )
    return resident.user


@pytest.fixture
def households(topics):
    childcare = topics["childcare"]
    return {
        "three": _resident_with_child("three@example.jp", childcare, age_days=3 * 365 + 40),
        "ten": _resident_with_child("ten@example.jp", childcare, age_days=10 * 365 + 40),
        "no_consent": _resident_with_child(
            "no-consent@example.jp", childcare, age_days=3 * 365 + 40, consent=False
        ),
    }


@pytest.fixture
def childcare_client(childcare_staff) -> Client:
    return sign_in(Client(), childcare_staff)


def _delivered_to(message) -> set:
    return set(Delivery.objects.filter(message=message).values_list("subscriber__user", flat=True))


def test_only_consenting_residents_with_a_child_of_that_age_receive_it(
    childcare_staff, topics, households
):
    message = services.save_draft(
        childcare_staff.user,
        topic=topics["childcare"],
        channels=["inbox"],
        texts=TEXTS,
        targeting={"child_age_min": "0", "child_age_max": "5"},
    )
    assert message.targeting == {"child_age_min": 0, "child_age_max": 5}
    before = selectors.recipient_counts(message)
    assert before == {"people": 1, "inbox": 1}
    services.submit(childcare_staff.user, message)
    fanout.deliver(message.pk)
    assert _delivered_to(message) == {households["three"].pk}
    assert Delivery.objects.filter(message=message).count() == before["inbox"]


def test_without_the_rule_everyone_subscribed_receives_it(childcare_staff, topics, households):
    message = services.save_draft(
        childcare_staff.user, topic=topics["childcare"], channels=["inbox"], texts=TEXTS
    )
    assert selectors.recipient_counts(message)["people"] == 3


def test_a_household_with_two_matching_children_is_counted_once(
    childcare_staff, topics, households
):
    add_child(
        households["three"],
        birth_date=timezone.localdate() - timedelta(days=365),
        actor=households["three"],
    )
    message = services.save_draft(
        childcare_staff.user,
        topic=topics["childcare"],
        channels=["inbox"],
        texts=TEXTS,
        targeting={"child_age_max": 5},
    )
    assert selectors.recipient_counts(message)["people"] == 1
    assert list(selectors.recipients(message).values_list("user", flat=True)) == [
        households["three"].pk
    ]


def test_the_age_changes_on_the_birthday(childcare_staff, topics):
    today = timezone.localdate()
    six_today = make_resident("six-today@example.jp").user
    six_tomorrow = make_resident("six-tomorrow@example.jp").user
    for user, birth in [
        (six_today, _years_before(today, 6)),
        (six_tomorrow, _years_before(today, 6) + timedelta(days=1)),
    ]:
        add_child(user, birth_date=birth, actor=user)
        make_subscriber(
            user.email,
            topics=[topics["childcare"]],
            channels=["inbox"],
            user=user,
            profile_targeting_consent=True,
        )
    message = services.save_draft(
        childcare_staff.user,
        topic=topics["childcare"],
        channels=["inbox"],
        texts=TEXTS,
        targeting={"child_age_min": 0, "child_age_max": 5},
    )
    assert set(selectors.recipients(message).values_list("user", flat=True)) == {six_tomorrow.pk}


def test_child_and_own_age_rules_combine(childcare_staff, topics, households):
    parent = households["ten"]
    parent.profile.birth_date = _years_before(timezone.localdate(), 40)
    parent.profile.save()
    message = services.save_draft(
        childcare_staff.user,
        topic=topics["childcare"],
        channels=["inbox"],
        texts=TEXTS,
        targeting={"age_min": 30, "age_max": 49, "child_age_min": 6, "child_age_max": 12},
    )
    assert list(selectors.recipients(message).values_list("user", flat=True)) == [parent.pk]


@pytest.mark.parametrize(
    ("targeting", "message"),
    [
        ({"child_age_min": 6, "child_age_max": 5}, "お子さんの年齢の下限は上限以下"),
        ({"child_age_max": 19}, "お子さんの年齢は0から18歳の間"),
        ({"child_age_min": -1}, "お子さんの年齢は0から18歳の間"),
        ({"child_age_min": "three"}, "お子さんの年齢は数字で"),
        ({"child_age_min": True}, "お子さんの年齢は数字で"),
    ],
)
def test_save_draft_refuses_bad_child_age_rules(childcare_staff, topics, targeting, message):
    with pytest.raises(ValidationError) as caught:
        services.save_draft(
            childcare_staff.user,
            topic=topics["childcare"],
            channels=["inbox"],
            texts=TEXTS,
            targeting=targeting,
        )
    assert any(message in text for text in caught.value.messages)
    assert not Message.objects.exists()


def _compose(topic, **extra):
    data = {
        "topic": topic.pk,
        "channels": ["inbox"],
        "subject_ja": "3歳児健診のご案内",
        "body_ja": "健診の日程をお知らせします。",
        "subject_en": "Health check-ups",
        "body_en": "Here are the dates of the check-ups for three-year-olds.",
    }
    data.update(extra)
    return data


def test_staff_see_the_rule_and_the_reach_before_sending(childcare_client, topics, households):
    form = childcare_client.get("/staff/notifications/new/").content.decode()
    # The two fields follow the resident-age fields on the compose form.
    assert form.index('name="age_max"') < form.index('name="child_age_min"')
    assert form.index('name="child_age_min"') < form.index('name="child_age_max"')
    response = childcare_client.post(
        "/staff/notifications/new/",
        _compose(topics["childcare"], child_age_min="0", child_age_max="5"),
    )
    assert response.status_code == 302
    detail = childcare_client.get(response["Location"]).content.decode()
    assert "0歳から5歳までのお子さんがいる世帯" in detail
    assert "同意し、すべての条件に当てはまる登録者だけが対象です" in detail
    people = re.search(r"登録者（重複なし）</td><td>(\d+)</td>", detail).group(1)
    assert people == "1"
    message = Message.objects.get()
    edit = childcare_client.get(f"/staff/notifications/{message.pk}/edit/").content.decode()
    assert re.search(r'name="child_age_max" value="5"', edit)  # the rule comes back to edit
    childcare_client.post(f"/staff/notifications/{message.pk}/submit/", {"send_at": ""})
    fanout.deliver(message.pk)
    assert _delivered_to(message) == {households["three"].pk}
    assert len(_delivered_to(message)) == int(people)


def test_a_message_without_rules_says_so(childcare_client, topics):
    response = childcare_client.post("/staff/notifications/new/", _compose(topics["childcare"]))
    detail = childcare_client.get(response["Location"]).content.decode()
    assert "条件なし" in detail and "お子さんがいる世帯" not in detail


@pytest.mark.parametrize(
    ("changes", "message", "field"),
    [
        ({"child_age_min": "6", "child_age_max": "5"}, "お子さんの年齢の下限は上限以下", "max"),
        ({"child_age_max": "19"}, "18 以下", "max"),
        ({"child_age_min": "-1"}, "0 以上", "min"),
        ({"child_age_min": "abc"}, "整数", "min"),
    ],
)
def test_the_compose_form_refuses_bad_child_ages_keeping_what_was_typed(
    childcare_client, topics, changes, message, field
):
    response = childcare_client.post(
        "/staff/notifications/new/", _compose(topics["childcare"], **changes)
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert 'role="alert"' in body
    # The error sits beside its field and the summary links to it.
    assert f'href="#id_child_age_{field}"' in body and message in body
    assert f'id="id_child_age_{field}-error"' in body
    assert "Here are the dates of the check-ups for three-year-olds." in body
    for name, value in changes.items():
        assert f'name="{name}" value="{value}"' in body
    assert not Message.objects.exists()

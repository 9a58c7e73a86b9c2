"""Pre-filled words for each kind of alert in the six languages, so that staff at night only
adjust them. `{area}` is replaced by the area names in each language.

The evacuation levels follow 内閣府「避難情報に関するガイドライン」(令和3年5月): 高齢者等避難
(レベル3), 避難指示 (レベル4, 全員避難), 緊急安全確保 (レベル5, 命を守る行動). Easy Japanese
follows 出入国在留管理庁・文化庁「在留支援のためのやさしい日本語ガイドライン」: short sentences,
spaces between phrases. These are content, not interface strings: they live here rather than
in the gettext catalogs, because one alert carries all six at once.
"""

from __future__ import annotations

from dataclasses import dataclass

LANGUAGES = ["ja", "ja-x-easy", "en", "zh-hans", "zh-hant", "ko"]
WHOLE_WARD = {
    "ja": "区内全域",
    "ja-x-easy": "くの ぜんぶの ところ",
    "en": "the whole ward",
    "zh-hans": "全区",
    "zh-hant": "全區",
    "ko": "구 전역",
}


@dataclass(frozen=True)
class Words:
    headline: str
    description: str
    instruction: str = ""


@dataclass(frozen=True)
class Template:
    severity: str
    urgency: str
    certainty: str
    hours_valid: int
    words: dict[str, Words]


TEMPLATES: dict[str, Template] = {
    "evacuation_elderly": Template(
        "Severe",
        "Expected",
        "Likely",
        12,
        {
            "ja": Words(
                "【警戒レベル3】高齢者等避難（{area}）",
                "{area}に高齢者等避難を発令しました。災害が起こるおそれがあります。",
                "高齢の方、障害のある方など避難に時間のかかる方と支援する方は、避難してください。"
                "ほかの方も、避難の準備をしてください。",
            ),
            "ja-x-easy": Words(
                "【レベル3】おとしよりなどは にげてください（{area}）",
                "{area}で さいがいが おきるかもしれません。",
                "おとしよりや しょうがいが ある ひとは、いま にげてください。"
                "ほかの ひとも にげる じゅんびを してください。",
            ),
            "en": Words(
                "[Level 3] Elderly and others evacuate ({area})",
                "An evacuation of elderly people and others has been issued for {area}. "
                "A disaster may occur.",
                "Older people, people with disabilities and others who need time to evacuate, "
                "and those who help them: evacuate now. Everyone else: prepare to evacuate.",
            ),
            "zh-hans": Words(
                "【警戒等级3】老年人等避难（{area}）",
                "已对{area}发布老年人等避难信息。可能发生灾害。",
                "老年人、残障人士等避难需要时间的人及其协助者请立即避难。其他人请做好避难准备。",
            ),
            "zh-hant": Words(
                "【警戒等級3】高齡者等避難（{area}）",
                "已對{area}發布高齡者等避難資訊。可能發生災害。",
                "高齡者、身心障礙者等避難需要時間的人及其協助者請立即避難。其他人請做好避難準備。",
            ),
            "ko": Words(
                "[경계 레벨 3] 고령자 등 대피 ({area})",
                "{area}에 고령자 등 대피가 발령되었습니다. 재해가 발생할 우려가 있습니다.",
                "고령자, 장애인 등 대피에 시간이 걸리는 분과 그 지원자는 대피하십시오. "
                "다른 분들도 대피를 준비하십시오.",
            ),
        },
    ),
    "evacuation_order": Template(
        "Severe",
        "Immediate",
        "Likely",
        12,
        {
            "ja": Words(
                "【警戒レベル4】避難指示（{area}）",
                "{area}に避難指示を発令しました。災害が起こるおそれが高まっています。",
                "危険な場所にいる方は、全員避難してください。"
                "避難所への移動がかえって危ないときは、近くの安全な建物や自宅の高いところに"
                "移ってください。",
            ),
            "ja-x-easy": Words(
                "【レベル4】みんな にげてください（{area}）",
                "{area}で さいがいが おきる きけんが たかいです。",
                "あぶない ところに いる ひとは みんな にげてください。"
                "そとが あぶない ときは、いえの たかい ところに いてください。",
            ),
            "en": Words(
                "[Level 4] Evacuation order ({area})",
                "An evacuation order has been issued for {area}. The risk of a disaster is high.",
                "Everyone in a dangerous place: evacuate. If going to a shelter is more dangerous, "
                "move to a nearby safe building or to a higher floor of your home.",
            ),
            "zh-hans": Words(
                "【警戒等级4】避难指示（{area}）",
                "已对{area}发布避难指示。发生灾害的危险性很高。",
                "身处危险地点的所有人请立即避难。如前往避难所反而危险，请转移到附近安全的建筑物或自家的高处。",
            ),
            "zh-hant": Words(
                "【警戒等級4】避難指示（{area}）",
                "已對{area}發布避難指示。發生災害的危險性很高。",
                "身處危險地點的所有人請立即避難。如前往避難所反而危險，請移動到附近安全的建築物或自家的高處。",
            ),
            "ko": Words(
                "[경계 레벨 4] 대피 지시 ({area})",
                "{area}에 대피 지시가 발령되었습니다. 재해 발생 위험이 높습니다.",
                "위험한 장소에 있는 분은 모두 대피하십시오. 대피소로 이동하는 것이 오히려 위험하면 "
                "근처의 안전한 건물이나 집의 높은 곳으로 이동하십시오.",
            ),
        },
    ),
    "emergency_safety": Template(
        "Extreme",
        "Immediate",
        "Observed",
        6,
        {
            "ja": Words(
                "【警戒レベル5】緊急安全確保（{area}）",
                "{area}に緊急安全確保を発令しました。災害が発生しているか、切迫しています。",
                "直ちに身の安全を確保してください。避難所への移動はかえって危険な場合があります。"
                "建物の高いところなど、少しでも安全な場所へ移ってください。",
            ),
            "ja-x-easy": Words(
                "【レベル5】すぐに いのちを まもって ください（{area}）",
                "{area}で さいがいが おきています。",
                "すぐに いのちを まもって ください。"
                "たてものの たかい ところなど、あんぜんな ところへ いって ください。",
            ),
            "en": Words(
                "[Level 5] Emergency safety measures ({area})",
                "Emergency safety measures have been issued for {area}. A disaster is occurring "
                "or is imminent.",
                "Protect your life now. Going to a shelter may be more dangerous: move to the "
                "safest place you can reach, such as a higher floor.",
            ),
            "zh-hans": Words(
                "【警戒等级5】紧急确保安全（{area}）",
                "已对{area}发布紧急确保安全信息。灾害正在发生或迫在眉睫。",
                "请立即确保自身安全。前往避难所可能反而危险，请转移到建筑物高处等尽量安全的地方。",
            ),
            "zh-hant": Words(
                "【警戒等級5】緊急確保安全（{area}）",
                "已對{area}發布緊急確保安全資訊。災害正在發生或迫在眉睫。",
                "請立即確保自身安全。前往避難所可能反而危險，請移動到建築物高處等盡量安全的地方。",
            ),
            "ko": Words(
                "[경계 레벨 5] 긴급 안전 확보 ({area})",
                "{area}에 긴급 안전 확보가 발령되었습니다. 재해가 발생했거나 임박했습니다.",
                "즉시 자신의 안전을 확보하십시오. 대피소로 이동하는 것이 오히려 위험할 수 있습니다. "
                "건물의 높은 곳 등 조금이라도 안전한 곳으로 이동하십시오.",
            ),
        },
    ),
    "weather": Template(
        "Moderate",
        "Expected",
        "Likely",
        12,
        {
            "ja": Words(
                "気象情報（{area}）",
                "{area}で大雨・強風などのおそれがあります。",
                "最新の気象情報を確認し、不要な外出は控えてください。",
            ),
            "ja-x-easy": Words(
                "てんきの じょうほう（{area}）",
                "{area}で あめや かぜが つよく なるかもしれません。",
                "あたらしい じょうほうを みて ください。そとに でないで ください。",
            ),
            "en": Words(
                "Weather information ({area})",
                "Heavy rain, strong wind or similar weather is expected in {area}.",
                "Check the latest weather information and avoid going out unless necessary.",
            ),
            "zh-hans": Words(
                "气象信息（{area}）",
                "{area}可能出现大雨、强风等天气。",
                "请确认最新气象信息，避免不必要的外出。",
            ),
            "zh-hant": Words(
                "氣象資訊（{area}）",
                "{area}可能出現大雨、強風等天氣。",
                "請確認最新氣象資訊，避免不必要的外出。",
            ),
            "ko": Words(
                "기상 정보 ({area})",
                "{area}에 폭우, 강풍 등이 예상됩니다.",
                "최신 기상 정보를 확인하고 불필요한 외출을 삼가십시오.",
            ),
        },
    ),
    "earthquake": Template(
        "Severe",
        "Immediate",
        "Observed",
        24,
        {
            "ja": Words(
                "地震情報（{area}）",
                "{area}で強い揺れを観測しました。",
                "落ち着いて身の安全を確保してください。火の始末をし、余震に注意してください。"
                "倒れた建物やブロック塀に近づかないでください。",
            ),
            "ja-x-easy": Words(
                "じしんの じょうほう（{area}）",
                "{area}で おおきな じしんが ありました。",
                "おちついて ください。ひを けして ください。"
                "また ゆれるかもしれません。こわれた たてものに ちかづかないで ください。",
            ),
            "en": Words(
                "Earthquake information ({area})",
                "Strong shaking was observed in {area}.",
                "Stay calm and keep yourself safe. Put out any fire and watch for aftershocks. "
                "Keep away from damaged buildings and block walls.",
            ),
            "zh-hans": Words(
                "地震信息（{area}）",
                "{area}观测到强烈震动。",
                "请保持冷静，确保自身安全。请关闭火源，注意余震。不要靠近倒塌的建筑物和砌块墙。",
            ),
            "zh-hant": Words(
                "地震資訊（{area}）",
                "{area}觀測到強烈搖晃。",
                "請保持冷靜，確保自身安全。請關閉火源，注意餘震。不要靠近倒塌的建築物和磚牆。",
            ),
            "ko": Words(
                "지진 정보 ({area})",
                "{area}에서 강한 흔들림이 관측되었습니다.",
                "침착하게 자신의 안전을 확보하십시오. 불을 끄고 여진에 주의하십시오. "
                "무너진 건물이나 블록 담장에 가까이 가지 마십시오.",
            ),
        },
    ),
    "shelter_opening": Template(
        "Moderate",
        "Expected",
        "Observed",
        24,
        {
            "ja": Words(
                "避難所を開設しました（{area}）",
                "{area}の避難所を開設しました。開設中の避難所はこのページの一覧で確認できます。",
                "避難するときは、飲み物、常備薬、マスクなどを持って行ってください。",
            ),
            "ja-x-easy": Words(
                "ひなんじょを あけました（{area}）",
                "{area}の ひなんじょが あきました。このページで ばしょを みる ことが できます。",
                "のみもの、いつも のむ くすり、マスクを もって いって ください。",
            ),
            "en": Words(
                "Shelters are open ({area})",
                "Shelters in {area} are open. The list on this page shows which ones.",
                "When you evacuate, bring drinks, your regular medicine and a mask.",
            ),
            "zh-hans": Words(
                "避难所已开设（{area}）",
                "{area}的避难所已开设。可在本页的列表中查看开设中的避难所。",
                "避难时请携带饮用水、常用药品和口罩等。",
            ),
            "zh-hant": Words(
                "避難所已開設（{area}）",
                "{area}的避難所已開設。可在本頁的列表中查看開設中的避難所。",
                "避難時請攜帶飲用水、常用藥品和口罩等。",
            ),
            "ko": Words(
                "대피소를 개설했습니다 ({area})",
                "{area}의 대피소를 개설했습니다. 개설된 대피소는 이 페이지의 목록에서 확인할 수 있습니다.",
                "대피할 때는 음료, 상비약, 마스크 등을 가지고 가십시오.",
            ),
        },
    ),
    "stranded_commuters": Template(
        "Moderate",
        "Immediate",
        "Observed",
        24,
        {
            "ja": Words(
                "帰宅困難者の方へ（{area}）",
                "鉄道が止まっています。{area}の一時滞在施設を開設しました。",
                "むやみに移動を始めず、安全な場所にとどまってください。"
                "一時滞在施設はこのページの一覧で確認できます。",
            ),
            "ja-x-easy": Words(
                "いえに かえれない ひとへ（{area}）",
                "でんしゃが とまって います。{area}に やすむ ところを あけました。",
                "いそいで かえらないで ください。あんぜんな ところに いて ください。",
            ),
            "en": Words(
                "For people unable to return home ({area})",
                "Trains have stopped. Temporary stay facilities in {area} are open.",
                "Do not start walking home; stay in a safe place. The list on this page shows "
                "the temporary stay facilities.",
            ),
            "zh-hans": Words(
                "致无法回家的人（{area}）",
                "铁路已停运。{area}的临时滞留设施已开设。",
                "请不要贸然出发，留在安全的地方。可在本页的列表中查看临时滞留设施。",
            ),
            "zh-hant": Words(
                "致無法返家的人（{area}）",
                "鐵路已停駛。{area}的臨時滯留設施已開設。",
                "請不要貿然出發，留在安全的地方。可在本頁的列表中查看臨時滯留設施。",
            ),
            "ko": Words(
                "귀가가 어려운 분들께 ({area})",
                "철도가 멈췄습니다. {area}의 일시 체류 시설을 개설했습니다.",
                "무리하게 이동하지 말고 안전한 곳에 머무르십시오. 일시 체류 시설은 이 페이지의 "
                "목록에서 확인할 수 있습니다.",
            ),
        },
    ),
    "general": Template(
        "Minor",
        "Expected",
        "Likely",
        24,
        {
            "ja": Words("防災のお知らせ（{area}）", "", ""),
            "ja-x-easy": Words("ぼうさいの おしらせ（{area}）", "", ""),
            "en": Words("Disaster information ({area})", "", ""),
            "zh-hans": Words("防灾通知（{area}）", "", ""),
            "zh-hant": Words("防災通知（{area}）", "", ""),
            "ko": Words("방재 알림 ({area})", "", ""),
        },
    ),
}

# A cancellation ends the thread; its words say so in every language.
CANCELLATION = {
    "ja": Words("【解除】{headline}", "{headline}を解除しました。", ""),
    "ja-x-easy": Words("【おわり】{headline}", "{headline}は おわりました。", ""),
    "en": Words("[Lifted] {headline}", "{headline} has been lifted.", ""),
    "zh-hans": Words("【解除】{headline}", "已解除{headline}。", ""),
    "zh-hant": Words("【解除】{headline}", "已解除{headline}。", ""),
    "ko": Words("[해제] {headline}", "{headline}이(가) 해제되었습니다.", ""),
}


def prefilled(kind: str, area_names: dict[str, str]) -> dict[str, Words]:
    """The template's words for every language, with the area filled in."""
    template = TEMPLATES[kind]
    return {
        language: Words(
            words.headline.format(area=area_names[language]),
            words.description.format(area=area_names[language]),
            words.instruction.format(area=area_names[language]),
        )
        for language, words in template.words.items()
    }


def cancellation_words(headlines: dict[str, str]) -> dict[str, Words]:
    """Words for lifting an alert whose headline in each language is given."""
    return {
        language: Words(
            CANCELLATION[language].headline.format(headline=headline)[:120],
            CANCELLATION[language].description.format(headline=headline),
        )
        for language, headline in headlines.items()
        if language in CANCELLATION
    }

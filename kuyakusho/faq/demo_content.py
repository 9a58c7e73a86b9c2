"""Sample FAQ texts for the demo. They are written as samples: general guidance without fees,
dates or opening hours, which each ward sets for itself, and every answer says it is a sample."""

from __future__ import annotations

SAMPLE_NOTE = "【サンプル回答】"
SAMPLE_NOTE_EN = "[Sample answer] "
SAMPLE_NOTE_EASY = "【れんしゅうの こたえ】"

# An extra sample department for waste collection (the foundation's sample departments have none).
EXTRA_DEPARTMENTS = [("recycling", "清掃リサイクル課", "Waste and Recycling Division", "環境部")]

# (code, name, English name, department code, description, English description)
CATEGORIES = [
    (
        "garbage",
        "ごみ・リサイクル",
        "Waste and recycling",
        "recycling",
        "ごみの分け方・出し方、粗大ごみ、リサイクル",
        "Sorting and putting out waste, bulky waste, recycling",
    ),
    (
        "registry",
        "戸籍・住民票・証明書",
        "Family register, residence and certificates",
        "residents",
        "住民票の写し、転入・転出、印鑑登録、マイナンバーカード",
        "Certificates of residence, moving in and out, seal registration, My Number Card",
    ),
    (
        "childcare",
        "子育て・教育",
        "Child-rearing and education",
        "childcare",
        "保育園、児童手当、子育て相談",
        "Nursery schools, child allowance, parenting advice",
    ),
    (
        "disaster",
        "防災・安全",
        "Disaster preparedness and safety",
        "disaster",
        "避難所、備え、防災情報の受け取り方",
        "Shelters, preparing at home, receiving alerts",
    ),
    (
        "roads-parks",
        "道路・公園",
        "Roads and parks",
        "road",
        "道路の破損、街路灯、公園の利用",
        "Damaged roads, street lights, using parks",
    ),
    (
        "ward-office",
        "区役所の利用・その他",
        "Using the ward office and other questions",
        "publicity",
        "窓口、区への意見、どこに聞けばよいかわからないとき",
        "Counters, opinions to the ward, when you do not know whom to ask",
    ),
    (
        "online",
        "オンライン手続き・このサイト",
        "Online services and this website",
        "ict",
        "利用者登録、ログイン、メール配信",
        "Registration, signing in, e-mail news",
    ),
]

# (category code, keywords, {language: (question, answer)})
ANSWERS = [
    (
        "garbage",
        "ごみ ごみのだしかた わけかた ぶんべつ",
        {
            "ja": (
                "ごみの分け方と出し方を知りたい",
                "ごみは「燃やすごみ」「燃やさないごみ」「資源」などに分けて、決められた曜日の朝に集積所へ出してください。地域ごとの収集曜日は、区が配布する「ごみと資源の出し方」の冊子やカレンダーで確認できます。",
            ),
            "ja-x-easy": (
                "ごみの わけかたと だしかたを しりたい",
                "ごみは「もやす ごみ」「もやさない ごみ」「しげん」に わけます。きめられた ひの あさに、ごみを だす ばしょに だして ください。",
            ),
            "en": (
                "How do I sort and put out my waste?",
                "Sort waste into burnable, non-burnable and recyclables, and put it out at your collection point on the morning of the set day. The days for your area are in the ward's waste guide and calendar.",
            ),
        },
    ),
    (
        "garbage",
        "そだいごみ そだい おおきいごみ かぐ",
        {
            "ja": (
                "粗大ごみを出したい",
                "家具や自転車など大きなごみは「粗大ごみ」として、事前の申し込みが必要です。申し込み後、案内された方法で手数料を納め、指定された日に出してください。",
            ),
            "en": (
                "How do I dispose of bulky waste?",
                "Large items such as furniture or bicycles are bulky waste and must be booked in advance. After booking, pay the fee as instructed and put the item out on the given day.",
            ),
        },
    ),
    (
        "garbage",
        "しげん ぺっとぼとる びん かん りさいくる",
        {
            "ja": (
                "ペットボトルや缶・びんはどう出せばよいですか",
                "ペットボトル・缶・びんは資源として回収します。中をすすぎ、ペットボトルはキャップとラベルを外して、資源の日に出してください。",
            )
        },
    ),
    (
        "garbage",
        "かでん りさいくる てれび れいぞうこ せんたくき えあこん",
        {
            "ja": (
                "テレビや冷蔵庫を捨てたい",
                "テレビ・冷蔵庫・洗濯機・エアコンは家電リサイクル法の対象で、区の粗大ごみでは回収しません。購入した店や、買い替える店に引き取りを依頼してください。",
            ),
            "en": (
                "How do I dispose of a TV or a refrigerator?",
                "TVs, refrigerators, washing machines and air conditioners fall under the Home Appliance Recycling Act and are not collected as bulky waste. Ask the shop where you bought it, or where you buy the new one, to take it back.",
            ),
        },
    ),
    (
        "garbage",
        "しゅうせきじょう からす ちらかる",
        {
            "ja": (
                "集積所のごみがカラスに荒らされて困っています",
                "ごみは収集日の朝に出し、ネットをしっかりかけてください。状況が続く場合は、集積所の場所を書いてお問い合わせください。担当から現地を確認します。",
            )
        },
    ),
    (
        "garbage",
        "ひっこし ごみ たいりょう",
        {
            "ja": (
                "引っ越しで一度にたくさんのごみが出ます",
                "一度に大量のごみが出るときは、通常の集積所には出さず、事前にご相談ください。量や種類に応じて出し方をご案内します。",
            )
        },
    ),
    (
        "registry",
        "じゅうみんひょう うつし しょうめい じゅうみんひょうのうつし",
        {
            "ja": (
                "住民票の写しを取りたい",
                "住民票の写しは、区役所の窓口や区民事務所で請求できます。本人確認書類をお持ちください。マイナンバーカードをお持ちの方は、コンビニエンスストアで取得できる場合があります。",
            ),
            "ja-x-easy": (
                "じゅうみんひょうの うつしが ほしい",
                "くやくしょの まどぐちで もらえます。じぶんの ことが わかる カード（うんてんめんきょしょう など）を もって きて ください。",
            ),
            "en": (
                "How do I get a copy of my certificate of residence (juminhyo)?",
                "You can request a copy of your certificate of residence at the ward office or a branch office. Bring an identity document. With a My Number Card you may also be able to get it at a convenience store.",
            ),
            "ko": (
                "주민표 사본을 발급받고 싶습니다",
                "주민표 사본은 구청 창구나 구민사무소에서 신청할 수 있습니다. 본인 확인 서류를 지참해 주십시오.",
            ),
        },
    ),
    (
        "registry",
        "てんにゅう ひっこし じゅうしょへんこう てんにゅうとどけ",
        {
            "ja": (
                "区に引っ越してきました。どんな手続きが必要ですか",
                "ほかの市区町村から引っ越してきたときは、住み始めてから14日以内に転入の届け出をしてください。前の住所地で受け取った転出証明書（またはマイナンバーカード）と本人確認書類が必要です。国民健康保険や子どもの手当など、ほかの手続きも窓口でご案内します。",
            ),
            "en": (
                "I have moved into the ward. What do I need to do?",
                "If you moved here from another municipality, report your move-in within 14 days of starting to live here. Bring the moving-out certificate from your previous municipality (or your My Number Card) and an identity document. The counter will also tell you about health insurance, child allowances and other procedures.",
            ),
        },
    ),
    (
        "registry",
        "てんしゅつ ひっこし てんしゅつとどけ",
        {
            "ja": (
                "区外へ引っ越します。手続きを教えてください",
                "区外へ引っ越すときは、転出の届け出をしてください。引っ越しの前後それぞれ決められた期間内に届け出ることができます。マイナンバーカードをお持ちの方は、オンラインで届け出られる場合があります。",
            )
        },
    ),
    (
        "registry",
        "いんかん いんかんとうろく はんこ じついん",
        {
            "ja": (
                "印鑑登録をしたい",
                "印鑑登録は、ご本人が登録する印鑑と本人確認書類を持って窓口で申請してください。本人確認の方法によっては、後日、照会書をお送りしてから登録となります。",
            )
        },
    ),
    (
        "registry",
        "まいなんばー まいなんばーかーど こじんばんごう",
        {
            "ja": (
                "マイナンバーカードを作りたい",
                "マイナンバーカードは、交付申請書を郵送するか、スマートフォンやパソコンでオンライン申請できます。準備ができたら区から通知が届きますので、通知に書かれた方法で受け取ってください。",
            ),
            "en": (
                "How do I apply for a My Number Card?",
                "Apply by post with the application form, or online with a smartphone or computer. The ward will notify you when the card is ready; collect it as the notice explains.",
            ),
            "zh-hans": (
                "我想办理个人编号卡",
                "可以邮寄申请书，或用智能手机、电脑在线申请。卡片准备好后区政府会寄出通知，请按通知上的方法领取。",
            ),
        },
    ),
    (
        "registry",
        "こせき こせきとうほん こせきしょうめい",
        {
            "ja": (
                "戸籍の証明書を取りたい",
                "戸籍の証明書は、区役所の窓口で請求できます。本籍地がほかの市区町村でも、請求できる場合があります。請求できる人や必要な書類は、証明書の種類によって異なります。",
            )
        },
    ),
    (
        "childcare",
        "ほいくえん ほいくしょ にゅうえん もうしこみ",
        {
            "ja": (
                "保育園に入りたい。申し込み方法は",
                "保育園の入園は、区に申し込みます。申し込みの時期や必要な書類は、区が毎年作成する「入園のご案内」でご確認ください。入園は、家庭の状況に応じた基準で決まります。",
            ),
            "en": (
                "How do I apply for a nursery school place?",
                "Apply to the ward. The periods and the documents needed are in the ward's yearly nursery admission guide. Places are allocated by criteria based on each family's situation.",
            ),
            "ja-x-easy": (
                "ほいくえんに はいりたい",
                "くやくしょに もうしこみます。いつ もうしこむか、なにが ひつようかは、くの 「にゅうえんの ごあんない」を みて ください。",
            ),
        },
    ),
    (
        "childcare",
        "じどうてあて てあて こども",
        {
            "ja": (
                "児童手当の手続きを教えてください",
                "子どもが生まれたときや、区に引っ越してきたときは、児童手当の申請が必要です。申請が遅れると、さかのぼって受け取れない月が出ることがありますので、早めに手続きしてください。",
            ),
            "en": (
                "How do I apply for the child allowance?",
                "Apply when your child is born or when you move into the ward. Late applications may lose months that cannot be paid retroactively, so apply early.",
            ),
        },
    ),
    (
        "childcare",
        "にんしん ぼしけんこうてちょう ぼしてちょう",
        {
            "ja": (
                "妊娠したら、どんな手続きがありますか",
                "妊娠がわかったら、妊娠の届け出をしてください。母子健康手帳をお渡しし、妊婦健康診査の案内や、相談できる窓口をご紹介します。",
            )
        },
    ),
    (
        "childcare",
        "こそだてそうだん そうだん いくじ",
        {
            "ja": (
                "子育てについて相談したい",
                "子育ての悩みは、区の子育て相談の窓口や、保健相談所で相談できます。電話での相談もできます。ひとりで悩まず、気軽にご相談ください。",
            )
        },
    ),
    (
        "childcare",
        "がくどう がくどうほいく じどうかん ほうかご",
        {
            "ja": (
                "学童クラブ（学童保育）に申し込みたい",
                "小学生が放課後を過ごす学童クラブは、区に申し込みます。申し込みの時期や条件は、区の案内でご確認ください。",
            )
        },
    ),
    (
        "disaster",
        "ひなんじょ ひなん ひなんばしょ",
        {
            "ja": (
                "避難所はどこですか",
                "避難所は、区立の小中学校などに開設されます。お住まいの地域の避難所は、区が配布する防災地図（ハザードマップ）や、この区のサイトの施設情報で確認できます。",
            ),
            "ja-x-easy": (
                "ひなんじょは どこですか",
                "ひなんじょは、がっこう などに できます。ちかくの ひなんじょを、くの ぼうさいの ちずで しらべて おいて ください。",
            ),
            "en": (
                "Where is my evacuation shelter?",
                "Shelters open mainly in ward elementary and junior high schools. Find the one for your area on the ward's hazard map or in the facility information on this site.",
            ),
            "zh-hant": (
                "避難所在哪裡？",
                "避難所主要設在區立中小學等處。請透過區公所發放的防災地圖（災害潛勢圖）確認您所在地區的避難所。",
            ),
        },
    ),
    (
        "disaster",
        "びちく そなえ ぼうさいぐっず ひじょうもちだし",
        {
            "ja": (
                "家庭でどんな備えをしておけばよいですか",
                "飲料水や食料、携帯トイレ、常備薬、懐中電灯などを、家族の人数に合わせて備えておきましょう。家具の転倒防止や、家族との連絡方法の確認も大切です。",
            ),
            "en": (
                "How should I prepare at home for a disaster?",
                "Keep drinking water, food, portable toilets, regular medicines and a torch for everyone in your household. Secure furniture against falling and agree with your family how to contact each other.",
            ),
        },
    ),
    (
        "disaster",
        "ぼうさいめーる ぼうさいじょうほう けいほう",
        {
            "ja": (
                "防災情報をメールで受け取りたい",
                "このサイトの「メール配信の登録」から、防災気象の情報をメールで受け取れます。地域を選ぶと、その地域の情報も届きます。",
            )
        },
    ),
    (
        "disaster",
        "ようしえんしゃ しょうがい こうれいしゃ ひなん",
        {
            "ja": (
                "一人で避難するのが難しい家族がいます",
                "高齢の方や障害のある方など、一人で避難することが難しい方のための登録制度があります。登録すると、地域の支援者と情報を共有し、避難の手助けに役立てます。詳しくはお問い合わせください。",
            )
        },
    ),
    (
        "disaster",
        "ていでん だんすい そなえ",
        {
            "ja": (
                "停電や断水に備えて何をすればよいですか",
                "飲料水は1人1日3リットルを目安に備え、携帯トイレやモバイルバッテリーも用意しておきましょう。停電からの復旧時は、電気製品の電源を切ってからブレーカーを戻してください。",
            )
        },
    ),
    (
        "roads-parks",
        "どうろ はそん あな かんぼつ",
        {
            "ja": (
                "道路に穴があいています",
                "区道の穴やひび割れは、場所と様子をお知らせください。危険な場合は、すぐに電話でご連絡ください。国道や都道の場合は、区から管理者にお伝えします。",
            ),
            "en": (
                "There is a hole in the road",
                "Tell us where the hole or crack in the ward road is and what it looks like. If it is dangerous, phone us at once. For national and metropolitan roads we pass your report on to the road's manager.",
            ),
        },
    ),
    (
        "roads-parks",
        "がいろとう でんき くらい きれている",
        {
            "ja": (
                "街路灯が消えています",
                "消えている街路灯の場所（近くの住所や目印）と、電柱などに付いている番号がわかればお知らせください。",
            )
        },
    ),
    (
        "roads-parks",
        "こうえん ゆうぐ こわれている",
        {
            "ja": (
                "公園の遊具が壊れています",
                "危険のないよう、使用を控えて、公園の名前と遊具の場所をお知らせください。点検して修理します。",
            )
        },
    ),
    (
        "roads-parks",
        "こうえん ぼーるあそび いべんと きょか",
        {
            "ja": (
                "公園でイベントをしたい",
                "公園を占用してイベントを行うときは、事前の申請が必要です。内容や規模によって必要な手続きが異なりますので、早めにご相談ください。",
            )
        },
    ),
    (
        "ward-office",
        "まどぐち うけつけじかん くやくしょ",
        {
            "ja": (
                "区役所の窓口の受付時間を知りたい",
                "窓口の受付時間は、窓口や手続きによって異なります。区の公式ホームページの「窓口のご案内」でご確認ください。",
            ),
            "en": (
                "When are the ward office counters open?",
                "Opening hours differ by counter and procedure. Please check the counter guide on the ward's official website.",
            ),
        },
    ),
    (
        "ward-office",
        "いけん ようぼう くせい こえ",
        {
            "ja": (
                "区に意見や要望を伝えたい",
                "区政へのご意見・ご要望は、お問い合わせフォームから送ることができます。いただいたご意見は担当の課に伝え、区政の参考にします。",
            )
        },
    ),
    (
        "ward-office",
        "わからない どこ たんとう",
        {
            "ja": (
                "どの課に聞けばよいかわかりません",
                "お問い合わせフォームで「区役所の利用・その他」を選んで送ってください。内容を確認し、担当の課にお回しします。",
            )
        },
    ),
    (
        "online",
        "りようしゃとうろく とうろく あかうんと まいぺーじ",
        {
            "ja": (
                "利用者登録をするとどんなことができますか",
                "利用者登録をすると、マイページで登録内容や表示の設定を保存でき、お知らせを受信箱で受け取れます。よくある質問の閲覧やお問い合わせは、登録しなくても利用できます。",
            ),
            "en": (
                "What can I do after registering?",
                "Registered users can keep their details and display settings on My Page and receive notices in an inbox. Reading the FAQ and sending inquiries do not need registration.",
            ),
        },
    ),
    (
        "online",
        "ぱすわーど わすれた ろぐいん できない",
        {
            "ja": (
                "パスワードを忘れてログインできません",
                "ログイン画面の「パスワードをお忘れですか？」から、登録したメールアドレスあてに再設定の案内を送れます。メールが届かない場合は、迷惑メールのフォルダもご確認ください。",
            )
        },
    ),
]

# (category code, subject, body, hours until the first reply or None, closed)
INQUIRIES = [
    (
        "roads-parks",
        "【サンプル】歩道の段差",
        "サンプルのお問い合わせです。近所の歩道に大きな段差があります。",
        48,
        True,
    ),
    (
        "roads-parks",
        "【サンプル】街路灯の点灯時間",
        "サンプルのお問い合わせです。街路灯が夜中に消えてしまいます。",
        6,
        False,
    ),
    (
        "childcare",
        "【サンプル】子育て相談の予約",
        "サンプルのお問い合わせです。相談は予約が必要ですか。",
        20,
        True,
    ),
    (
        "childcare",
        "【サンプル】児童手当の申請時期",
        "サンプルのお問い合わせです。出生後いつまでに申請すればよいですか。",
        None,
        False,
    ),
    (
        "garbage",
        "【サンプル】集積所の場所について",
        "サンプルのお問い合わせです。集積所の場所を変えたいときの手続きを知りたいです。",
        None,
        False,
    ),
]

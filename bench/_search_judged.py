"""The judged set of the search benchmark: 50 resident-facing documents and 50 resident queries,
each query with the ids of the documents that answer it.

Hand-written for this benchmark (not taken from any ward's site or from the seed texts): the
documents are sample FAQ answers, pages, notices, events and facilities of a fictional ward,
and their figures are illustrative, not facts about a real ward. bench_search.py mixes them
into the generated corpus at fixed pseudo-random positions, so that ties broken by id favour
neither side, and measures MRR@10 and recall@10 over these queries.

A document is judged relevant when it answers what the resident asked; a generated document
that merely mentions the word (an ICT-plan excerpt) is judged not relevant. Queries are grouped
by the way residents type them, so the report can say which kind of query ranks well:

* keyword      one word of three or more characters
* short        one word of one or two characters (the fallback path on SQLite)
* multi-word   two words separated by a space
* variant      another spelling: reading in hiragana, katakana, half-width or full-width forms
* phrase       a phrase typed in one piece, as a resident would say it
"""

from __future__ import annotations

from typing import NamedTuple


class JudgedDocument(NamedTuple):
    key: str
    doc_type: str
    title: str
    body: str
    keywords: str = ""  # readings and other words, indexed with the body as the FAQ app does


class JudgedQuery(NamedTuple):
    text: str
    kind: str
    relevant: tuple[str, ...]


DOCUMENTS = [
    JudgedDocument(
        "j01",
        "faq",
        "粗大ごみを出したいときはどうすればよいですか",
        "粗大ごみは事前の申込みが必要です。電話またはインターネットで粗大ごみ受付センターに"
        "申し込み、案内された手数料分の有料粗大ごみ処理券を区内のコンビニエンスストアなどで"
        "購入してください。処理券に受付番号を書いて品物に貼り、収集日の朝8時までに指定の場所"
        "へ出してください。",
        "そだいごみ 大型ごみ 家具 ふとん 出し方",
    ),
    JudgedDocument(
        "j02",
        "faq",
        "粗大ごみの手数料はいくらですか",
        "手数料は品目と大きさによって異なります。受付センターで申し込むときに金額をお伝え"
        "します。料金の目安は品目別の料金表で確認できます。",
        "そだいごみ 料金 処理券 値段",
    ),
    JudgedDocument(
        "j03",
        "page",
        "資源・ごみの収集日と分け方",
        "燃やすごみ、燃やさないごみ、資源の収集曜日は地域ごとに決まっています。住所を選ぶと"
        "収集日がわかります。ごみと資源は収集日の朝8時までに集積所に出してください。分け方に"
        "迷ったときは品目別の分け方一覧を見てください。",
        "ごみ出し 分別 しゅうしゅうび 資源ごみ",
    ),
    JudgedDocument(
        "j04",
        "faq",
        "住民票の写しはどこで取れますか",
        "区役所の戸籍住民課の窓口と各区民事務所で請求できます。マイナンバーカードをお持ちの"
        "方は、全国のコンビニエンスストアのマルチコピー機でも取得できます。郵送での請求も"
        "できます。",
        "じゅうみんひょう 住民票の写し 証明書",
    ),
    JudgedDocument(
        "j05",
        "faq",
        "印鑑登録の手続きに必要なものは何ですか",
        "登録する印鑑と、マイナンバーカードや運転免許証などの本人確認書類を持って、本人が"
        "窓口へお越しください。本人確認書類がない場合や代理人が申請する場合は、照会書で本人の"
        "意思を確認してから登録します。",
        "いんかんとうろく 実印 印鑑証明",
    ),
    JudgedDocument(
        "j06",
        "page",
        "マイナンバーカードの申請と受け取り",
        "マイナンバーカードは郵送、スマートフォン、まちなかの証明写真機から申請できます。"
        "カードができると交付通知書が届きますので、予約をしてから本人確認書類を持って受け取り"
        "に来てください。受け取りのときに暗証番号を設定します。",
        "個人番号カード まいなんばー",
    ),
    JudgedDocument(
        "j07",
        "faq",
        "マイナンバーカードの暗証番号を忘れたとき",
        "暗証番号を忘れたときや、続けて間違えてロックがかかったときは、カードと本人確認書類を"
        "持って区役所の窓口で再設定してください。代理人による再設定は日数がかかります。",
        "パスワード ロック 再設定 まいなんばー",
    ),
    JudgedDocument(
        "j08",
        "page",
        "転入届（ほかの区市町村から引っ越してきたとき）",
        "引っ越してきた日から14日以内に、前の住所地で受け取った転出証明書と本人確認書類を持って"
        "転入の手続きをしてください。マイナンバーカードで転出届をした方は、カードを持って"
        "来てください。",
        "引っ越し 引越し 転居 住所変更 てんにゅう",
    ),
    JudgedDocument(
        "j09",
        "page",
        "転出届（区外へ引っ越すとき）",
        "区外へ引っ越すときは、引っ越す前に転出届を出してください。マイナンバーカードをお持ちの"
        "方は、オンラインで転出届を出すことができ、窓口へ来る必要はありません。",
        "引っ越し 引越し 手続き てんしゅつ",
    ),
    JudgedDocument(
        "j10",
        "faq",
        "戸籍謄本をとりたいのですが",
        "戸籍謄本（戸籍全部事項証明書）は本籍地の区市町村で請求できます。本籍地が遠い場合でも、"
        "本人や配偶者、父母、子の分は、ほかの区市町村の窓口で請求できる場合があります。郵送でも"
        "請求できます。",
        "こせき 戸籍全部事項証明書 謄本",
    ),
    JudgedDocument(
        "j11",
        "page",
        "児童手当",
        "子どもを養育している方に支給します。子どもが生まれたときや区へ転入したときは、"
        "15日以内に申請してください。申請が遅れると、遅れた月の分を受け取れないことがあります。",
        "じどうてあて 子ども 手当",
    ),
    JudgedDocument(
        "j12",
        "page",
        "保育園の入園申込み",
        "認可保育所の入園申込みの時期、必要な書類（就労証明書など）、選考の方法と結果の通知に"
        "ついて説明します。4月入園の申込みは前の年の秋に受け付けます。",
        "保育所 ほいくえん 入所 待機児童",
    ),
    JudgedDocument(
        "j13",
        "faq",
        "学童クラブに申し込みたい",
        "学童クラブは、保護者が仕事などで放課後に家にいない小学生を預かります。申込みは各学童"
        "クラブまたは子ども家庭支援の窓口で受け付けます。",
        "学童保育 放課後 がくどう",
    ),
    JudgedDocument(
        "j14",
        "page",
        "国民健康保険の加入と脱退",
        "会社の健康保険をやめたときや区へ転入したときは、14日以内に国民健康保険に加入する"
        "手続きが必要です。ほかの健康保険に入ったときは脱退の手続きをしてください。",
        "国保 こくほ 保険証",
    ),
    JudgedDocument(
        "j15",
        "faq",
        "国民健康保険料を納める方法は",
        "口座振替、納付書による金融機関やコンビニエンスストアでの支払い、スマートフォンの"
        "決済アプリで納めることができます。口座振替にすると納め忘れがありません。",
        "国保 保険料 支払い 払い方",
    ),
    JudgedDocument(
        "j16",
        "page",
        "介護保険の要介護認定の申請",
        "介護サービスを使うには要介護認定が必要です。地域包括支援センターか区役所の介護保険の"
        "窓口で申請してください。認定調査と主治医の意見書をもとに審査します。",
        "かいごほけん 介護認定 要支援",
    ),
    JudgedDocument(
        "j17",
        "facility",
        "中央図書館",
        "開館時間は平日9時から20時、土日祝日は9時から17時です。毎月第3木曜日は休館日です。"
        "館内で無料Wi-Fiを使えます。エレベーターと多目的トイレがあります。",
        "としょかん 開館時間 休館日",
    ),
    JudgedDocument(
        "j18",
        "faq",
        "図書館の本をインターネットで予約できますか",
        "利用者カードの番号とパスワードで、蔵書検索のページから予約できます。受け取る図書館を"
        "選ぶと、用意ができたときにメールでお知らせします。",
        "としょかん 蔵書 予約",
    ),
    JudgedDocument(
        "j19",
        "faq",
        "区民館の集会室を予約するには",
        "団体登録をしてから、施設予約システムで申し込みます。抽選の申込みは利用する月の"
        "前々月に受け付け、空いている部屋は先着順で予約できます。",
        "施設予約 集会室 会議室 くみんかん",
    ),
    JudgedDocument(
        "j20",
        "page",
        "施設予約システムの抽選と先着申込み",
        "区民館やスポーツ施設の予約は、抽選と先着順の2つの方法があります。抽選の結果は"
        "システムとメールでお知らせします。当選した枠は期限までに確定してください。",
        "抽選 先着 ちゅうせん",
    ),
    JudgedDocument(
        "j21",
        "page",
        "避難所の一覧と地図",
        "区立の小学校と中学校などを避難所に指定しています。住所から近くの避難所を地図で"
        "確認できます。災害のときの開設状況は、このページと防災メールでお知らせします。",
        "ひなんじょ 避難場所 災害",
    ),
    JudgedDocument(
        "j22",
        "page",
        "ハザードマップ（洪水・内水氾濫）",
        "大雨で浸水が想定される区域と避難所を地図で示しています。紙のハザードマップは区役所"
        "と区民事務所で配っています。英語・中国語・韓国語の版もあります。",
        "水害 浸水 はざーどまっぷ",
    ),
    JudgedDocument(
        "j23",
        "notice",
        "防災無線の放送が聞こえにくいとき",
        "防災行政無線の放送内容は、電話の自動応答で聞き直すことができます。登録制の防災メール"
        "でも同じ内容を受け取れます。",
        "防災行政無線 放送",
    ),
    JudgedDocument(
        "j24",
        "page",
        "防災メール（登録制メール）の登録",
        "気象警報、避難情報、防犯情報などをメールで受け取れます。メールアドレスを登録し、"
        "受け取りたい情報を選んでください。",
        "登録制メール 配信",
    ),
    JudgedDocument(
        "j25",
        "facility",
        "区役所本庁舎の無料Wi-Fi",
        "本庁舎の1階と2階で無料Wi-Fiを使えます。ネットワーク名を選び、ブラウザーに表示される"
        "画面で利用規約に同意すると1回60分使えます。区民事務所と図書館でも使えます。",
        "無線LAN ワイファイ フリーWi-Fi インターネット",
    ),
    JudgedDocument(
        "j26",
        "faq",
        "住民税（特別区民税・都民税）の納付方法",
        "納付書で金融機関やコンビニエンスストアで納めるほか、口座振替、スマートフォンの"
        "決済アプリ、ペイジーで納めることができます。",
        "じゅうみんぜい 区民税 支払い",
    ),
    JudgedDocument(
        "j27",
        "faq",
        "課税証明書・非課税証明書の取り方",
        "区役所の窓口、郵送、マイナンバーカードを使ったコンビニ交付で取得できます。その年の"
        "1月1日に区に住んでいた方の証明を発行します。",
        "所得証明 かぜいしょうめい 税",
    ),
    JudgedDocument(
        "j28",
        "page",
        "軽自動車税（種別割）",
        "4月1日に原動機付自転車や軽自動車を持っている方に課税します。使わなくなったときは、"
        "廃車の手続きをしてください。",
        "バイク 原付 けいじどうしゃぜい",
    ),
    JudgedDocument(
        "j29",
        "page",
        "犬の登録と狂犬病予防注射",
        "生後91日以上の犬を飼い始めたら、30日以内に登録してください。狂犬病予防注射を毎年"
        "1回受けさせ、注射済票を受け取ってください。",
        "ペット いぬ",
    ),
    JudgedDocument(
        "j30",
        "page",
        "子どもの予防接種",
        "定期予防接種の種類と受ける時期、予診票の受け取り方、接種できる医療機関の一覧を"
        "載せています。転入した方は予診票の交換が必要です。",
        "ワクチン よぼうせっしゅ",
    ),
    JudgedDocument(
        "j31",
        "page",
        "がん検診と区民健康診査",
        "年齢ごとに受けられる健康診査とがん検診の案内です。受診券が届いたら、指定の医療機関で"
        "受けてください。",
        "健診 けんしん",
    ),
    JudgedDocument(
        "j32",
        "notice",
        "駅前自転車駐輪場の定期利用の申込み",
        "来年度の定期利用の申込みを受け付けます。申込みが多い駐輪場は抽選になります。",
        "駐輪 ちゅうりんじょう 自転車置き場",
    ),
    JudgedDocument(
        "j33",
        "faq",
        "放置自転車が撤去されたときは",
        "撤去した自転車は保管所で預かっています。本人確認書類と自転車の鍵を持って、保管所で"
        "返還手数料を払って引き取ってください。",
        "撤去 自転車 保管所",
    ),
    JudgedDocument(
        "j34",
        "page",
        "パブリックコメント（区民意見反映制度）",
        "区の計画の案を公表し、区民の皆さんから意見を募集します。いただいた意見と区の考え方は"
        "まとめて公表します。意見はメール、郵送、窓口で提出できます。",
        "意見募集 ぱぶこめ 区民意見",
    ),
    JudgedDocument(
        "j35",
        "notice",
        "期日前投票のご案内",
        "選挙の当日に投票に行けない方は、期日前投票所で投票できます。入場整理券が届いていなく"
        "ても投票できます。",
        "選挙 投票所 きじつぜん",
    ),
    JudgedDocument(
        "j36",
        "page",
        "高齢者の見守りと緊急通報システム",
        "ひとり暮らしの高齢者の方の見守りのため、急病のときにボタンで通報できる緊急通報装置を"
        "設置できます。地域の見守りネットワークもあります。",
        "ひとり暮らし みまもり 一人暮らし",
    ),
    JudgedDocument(
        "j37",
        "facility",
        "子育てひろば",
        "0歳から3歳までの子どもと保護者が自由に遊べる場所です。予約は要りません。子育ての"
        "相談もできます。",
        "親子 ひろば 子育て支援",
    ),
    JudgedDocument(
        "j38",
        "page",
        "就学援助",
        "経済的な理由で学校に通うことが難しい児童・生徒の保護者に、学用品費や給食費などを"
        "援助します。申請は学校を通じて受け付けます。",
        "給食費 学用品 しゅうがくえんじょ",
    ),
    JudgedDocument(
        "j39",
        "page",
        "外国人のための相談窓口",
        "英語、中国語、韓国語などで生活の相談ができます。区役所での手続きに通訳が必要な方も"
        "相談してください。",
        "外国語 通訳 多言語 foreign",
    ),
    JudgedDocument(
        "j40",
        "page",
        "電子申請でできる手続き",
        "オンラインで24時間申請できる手続きの一覧です。マイナンバーカードで本人確認をする"
        "手続きもあります。",
        "オンライン申請 インターネット申請",
    ),
    JudgedDocument(
        "j41",
        "page",
        "オープンデータの公開",
        "区が持っているデータを、だれでも二次利用できる形式で公開しています。CSV形式で"
        "ダウンロードでき、利用規約はCC BYです。",
        "データ カタログ",
    ),
    JudgedDocument(
        "j42",
        "faq",
        "道路の陥没や街灯の故障を見つけたら",
        "区民レポートのアプリから、写真と場所を送ってください。電話でも受け付けます。"
        "担当の課が確認して対応します。",
        "道路 穴 通報 街路灯",
    ),
    JudgedDocument(
        "j43",
        "faq",
        "公園でボール遊びはできますか",
        "公園ごとに使い方のルールがあります。ボール遊びができる広場のある公園は、公園の一覧で"
        "確認できます。",
        "こうえん 球技 キャッチボール",
    ),
    JudgedDocument(
        "j44",
        "page",
        "空き家の相談",
        "管理されていない空き家について、所有者と近所の方からの相談を受け付けています。",
        "あきや 空家",
    ),
    JudgedDocument(
        "j45",
        "faq",
        "騒音の苦情はどこに相談すればよいですか",
        "工場や建設作業の騒音は環境の担当課が相談を受けます。近所の生活の音については、"
        "まず相手と話し合うことをお勧めしています。",
        "うるさい 音 そうおん",
    ),
    JudgedDocument(
        "j46",
        "notice",
        "年末年始の区役所と施設のお休み",
        "12月29日から1月3日まで区役所の窓口はお休みです。ごみの収集日と図書館の休館日は"
        "別にお知らせします。",
        "ねんまつねんし 休館 休み",
    ),
    JudgedDocument(
        "j47",
        "page",
        "証明書のコンビニ交付",
        "マイナンバーカードを使って、住民票の写し、印鑑登録証明書、課税証明書などを"
        "コンビニエンスストアのマルチコピー機で取得できます。利用できる時間は6時30分から"
        "23時までです。",
        "コンビニ交付 マルチコピー機 こんびに",
    ),
    JudgedDocument(
        "j48",
        "faq",
        "出生届はどこに出せばよいですか",
        "生まれた日から14日以内に、出生証明書と一緒に区役所の戸籍の窓口へ出してください。"
        "児童手当と子どもの医療証の申請も一緒にできます。",
        "しゅっしょうとどけ 赤ちゃん 出産",
    ),
    JudgedDocument(
        "j49",
        "page",
        "婚姻届",
        "婚姻届は本籍地か住所地などの区市町村に出します。窓口が閉まっている時間は夜間休日"
        "受付で預かります。",
        "結婚 こんいん",
    ),
    JudgedDocument(
        "j50",
        "faq",
        "区役所の開庁時間と場所",
        "開庁時間は平日8時30分から17時15分です。一部の窓口は土曜日も開いています。最寄り駅"
        "からの道順と地図も載せています。",
        "開庁 くやくしょ 窓口 時間",
    ),
]

QUERIES = [
    # keyword: one word of three or more characters
    JudgedQuery("粗大ごみ", "keyword", ("j01", "j02")),
    JudgedQuery("住民票", "keyword", ("j04", "j47")),
    JudgedQuery("印鑑登録", "keyword", ("j05",)),
    JudgedQuery("マイナンバーカード", "keyword", ("j06", "j07")),
    JudgedQuery("児童手当", "keyword", ("j11",)),
    JudgedQuery("保育園", "keyword", ("j12",)),
    JudgedQuery("学童クラブ", "keyword", ("j13",)),
    JudgedQuery("介護認定", "keyword", ("j16",)),
    JudgedQuery("避難所", "keyword", ("j21",)),
    JudgedQuery("期日前投票", "keyword", ("j35",)),
    JudgedQuery("予防接種", "keyword", ("j30",)),
    JudgedQuery("パブリックコメント", "keyword", ("j34",)),
    JudgedQuery("空き家", "keyword", ("j44",)),
    JudgedQuery("戸籍謄本", "keyword", ("j10",)),
    JudgedQuery("出生届", "keyword", ("j48",)),
    # short: one or two characters
    JudgedQuery("ごみ", "short", ("j03", "j01", "j02")),
    JudgedQuery("戸籍", "short", ("j10",)),
    JudgedQuery("国保", "short", ("j14", "j15")),
    JudgedQuery("健診", "short", ("j31",)),
    JudgedQuery("犬", "short", ("j29",)),
    JudgedQuery("転入", "short", ("j08",)),
    JudgedQuery("騒音", "short", ("j45",)),
    JudgedQuery("婚姻", "short", ("j49",)),
    JudgedQuery("税", "short", ("j26", "j27", "j28")),
    # multi-word
    JudgedQuery("粗大ごみ 料金", "multi-word", ("j02",)),
    JudgedQuery("図書館 予約", "multi-word", ("j18",)),
    JudgedQuery("図書館 開館時間", "multi-word", ("j17",)),
    JudgedQuery("区民館 予約", "multi-word", ("j19", "j20")),
    JudgedQuery("国民健康保険 支払い", "multi-word", ("j15",)),
    JudgedQuery("マイナンバーカード 暗証番号", "multi-word", ("j07",)),
    JudgedQuery("住民税 納付", "multi-word", ("j26",)),
    JudgedQuery("保育園 申込み", "multi-word", ("j12",)),
    JudgedQuery("転出 オンライン", "multi-word", ("j09",)),
    JudgedQuery("避難所 地図", "multi-word", ("j21",)),
    JudgedQuery("自転車 撤去", "multi-word", ("j33",)),
    JudgedQuery("年末年始 休み", "multi-word", ("j46",)),
    JudgedQuery("道路 穴", "multi-word", ("j42",)),
    # variant: readings, katakana, half-width and full-width forms
    JudgedQuery("ﾏｲﾅﾝﾊﾞｰｶｰﾄﾞ", "variant", ("j06", "j07")),
    JudgedQuery("そだいごみ", "variant", ("j01", "j02")),
    JudgedQuery("ＷｉＦｉ", "variant", ("j25",)),
    JudgedQuery("ワイファイ", "variant", ("j25",)),
    JudgedQuery("としょかん", "variant", ("j17", "j18")),
    JudgedQuery("ｺﾝﾋﾞﾆ交付", "variant", ("j47", "j04")),
    JudgedQuery("ﾊｻﾞｰﾄﾞﾏｯﾌﾟ", "variant", ("j22",)),
    JudgedQuery("ぱぶこめ", "variant", ("j34",)),
    # phrase: typed in one piece, as said aloud
    JudgedQuery("粗大ごみの出し方", "phrase", ("j01",)),
    JudgedQuery("住民票の取り方", "phrase", ("j04", "j47")),
    JudgedQuery("引っ越しの手続き", "phrase", ("j08", "j09")),
    JudgedQuery("赤ちゃんが生まれたとき", "phrase", ("j48", "j11")),
    JudgedQuery("ひとり暮らしの高齢者", "phrase", ("j36",)),
]

assert len(DOCUMENTS) == 50 and len({d.key for d in DOCUMENTS}) == 50
assert len(QUERIES) == 50
assert {key for q in QUERIES for key in q.relevant} <= {d.key for d in DOCUMENTS}

"""A synthetic, production-sized content programme for the build benchmark.

The real ``content/`` holds a few dozen benefits; the bank's programme
will hold thousands. Measuring the build on the small one would hide
every cost that grows with the number of pages, so ``generate`` writes
a programme of the expected size and shape instead: 5 feature lines,
a few tiers, thousands of benefits whose Markdown bodies are written
separately in every locale (so each body is rendered once per locale),
and shelves mixing every selection rule, sort, limit and campaign
window the builder supports.

Everything is drawn from ``random.Random(seed)``: the same arguments
always give byte-for-byte the same files, so two benchmark runs measure
the same work.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml
from yaml.representer import SafeRepresenter

try:  # libyaml's emitter writes the 2,000 files several times faster
    from yaml import CSafeDumper as _BaseDumper
except ImportError:  # pragma: no cover - PyYAML built without libyaml
    from yaml import SafeDumper as _BaseDumper  # type: ignore[assignment]

Doc = dict[str, Any]
Pair = tuple[str, str]
"""A phrase in simplified Chinese and in English; traditional is derived."""

REFERENCE_DAY = date(2022, 6, 1)
"""The day windows are arranged around: most benefits are valid on it,
some have ended and some have not started. Build ``--as-of`` this day."""
SPAN = (date(2022, 1, 1), date(2027, 12, 31))
"""The programme's planning horizon: most benefits are valid across it."""

LINES: dict[str, Pair] = {
    "green": ("绿色环保", "Green living"),
    "car": ("车生态", "Car services"),
    "yrd": ("长三角", "Yangtze River Delta"),
    "health": ("医疗健康", "Health"),
    "arts": ("艺术人文", "Arts & culture"),
}
TOPICS: dict[str, tuple[Pair, ...]] = {
    "green": (
        ("共享单车", "Bike-share"),
        ("新能源充电", "EV charging"),
        ("环保购物袋", "Eco tote"),
        ("旧衣回收", "Clothes recycling"),
        ("低碳出行", "Low-carbon travel"),
    ),
    "car": (
        ("精致洗车", "Car wash"),
        ("道路救援", "Roadside assistance"),
        ("加油优惠", "Fuel"),
        ("停车", "Parking"),
        ("代驾", "Chauffeur"),
    ),
    "yrd": (
        ("西溪湿地", "Xixi Wetland"),
        ("乌镇水乡", "Wuzhen water town"),
        ("东方明珠", "Oriental Pearl Tower"),
        ("海底世界", "Underwater World"),
        ("茶园", "Tea garden"),
    ),
    "health": (
        ("体检", "Health check"),
        ("口腔护理", "Dental care"),
        ("在线问诊", "Online consultation"),
        ("名医咨询", "Specialist consultation"),
        ("家庭医生", "Family doctor"),
    ),
    "arts": (
        ("美术馆", "Art gallery"),
        ("博物馆", "Museum"),
        ("非遗工坊", "Heritage craft workshop"),
        ("音乐会", "Concert"),
        ("话剧", "Theatre"),
    ),
}
PRODUCTS: tuple[Pair, ...] = (
    ("月卡", "monthly pass"),
    ("体验券", "trial voucher"),
    ("礼包", "gift pack"),
    ("八折券", "20% off voucher"),
    ("专享服务", "exclusive service"),
    ("年卡", "annual pass"),
    ("双人票", "ticket for two"),
)
SUMMARY_TAILS: tuple[Pair, ...] = (
    ("每月一次，先到先得", "once a month, first come, first served"),
    ("专属礼遇，限时领取", "an exclusive treat for a limited time"),
    ("长三角合作门店通用", "at partner stores across the Yangtze River Delta"),
    ("预约即享，无需付费", "book it and enjoy it, free of charge"),
    ("全家可用，轻松出行", "for the whole family, with no fuss"),
    ("绿色低碳，品质生活", "greener living, done well"),
)
PARTNERS: tuple[Pair, ...] = (
    ("青桔单车", "Qingju Bike"),
    ("洁驰洗车", "Jiechi Car Care"),
    ("沪上文旅", "Hushang Travel"),
    ("长三角文旅集团", "YRD Culture & Tourism"),
    ("仁和健康", "Renhe Health"),
    ("绿叶纸业", "Green Leaf Paper"),
    ("西溪湿地公园", "Xixi Wetland Park"),
    ("安途救援", "Antu Roadside"),
    ("星辰充电", "Xingchen Charging"),
    ("雅集美术馆", "Yaji Gallery"),
    ("茶韵茶园", "Chayun Tea Garden"),
    ("齿康口腔", "Chikang Dental"),
    ("随行代驾", "Suixing Chauffeurs"),
    ("匠心工坊", "Jiangxin Workshop"),
)
ZH_CLAUSES = (
    "活动期间每位客户每月可领取一次",
    "权益领取后请在有效期内使用",
    "本权益仅限本人使用且不可转赠",
    "名额有限，先到先得，领完即止",
    "合作门店覆盖长三角主要城市",
    "周末及法定节假日均可正常使用",
    "使用前请提前一天通过客服热线预约",
    "到店出示电子券即可完成核销",
    "可与合作方的会员折扣同时享受",
    "绿色出行让城市生活更加轻松",
    "专业团队为您提供一对一服务",
    "服务时间为每日上午九点至晚上九点",
    "如遇不可抗力，活动安排可能调整",
    "具体规则以合作方门店公告为准",
    "每笔订单最多可使用一张优惠券",
    "领取成功后电子券将发放至卡包",
    "部分门店需要出示本人身份证件",
    "儿童须在成人陪同下参加体验活动",
    "家人朋友也可以一起预约同行",
    "全程无需额外支付任何服务费用",
    "客户经理会在三个工作日内与您联系",
    "我们将持续引入更多优质合作伙伴",
    "体验结束后欢迎为本次服务评分",
    "低碳生活从身边的每一件小事开始",
    "预约成功后您会收到短信提醒",
    "如需取消请至少提前两小时操作",
    "电子券过期后将自动失效且不予补发",
    "节假日客流较大，建议错峰前往",
)
EN_CLAUSES = (
    "every eligible customer can claim it once a month",
    "the voucher must be used before it expires",
    "it is for your own use and cannot be transferred",
    "places are limited and go to those who book first",
    "partner stores cover the main cities of the Yangtze River Delta",
    "it works at weekends and on public holidays",
    "please book through the hotline one day in advance",
    "show the e-voucher in store and staff will scan it",
    "it can be combined with the partner's member discount",
    "greener journeys make city life a little easier",
    "a dedicated team looks after you from start to finish",
    "service hours are 9 am to 9 pm every day",
    "arrangements may change in case of force majeure",
    "the partner's notice in store has the final word",
    "one voucher can be used per order",
    "the e-voucher lands in your card wallet as soon as you claim it",
    "some stores ask to see your ID",
    "children must be accompanied by an adult",
    "family and friends are welcome to book with you",
    "there is no service fee to pay at any point",
    "your relationship manager will call you within three working days",
    "we keep adding new partners throughout the year",
    "you are welcome to rate the service afterwards",
    "a text message confirms your booking",
    "cancel at least two hours ahead if your plans change",
    "expired vouchers cannot be reissued",
)
LINKS: tuple[tuple[str, str, str, str, str], ...] = (
    ("详情见", "合作方说明", "see", "the partner's terms", "terms"),
    ("规则请查看", "活动细则", "read", "the full rules", "rules"),
    ("可用门店见", "门店列表", "check", "the store list", "stores"),
    ("请前往", "预约页面", "book on", "the booking page", "booking"),
)
STEPS: tuple[Pair, ...] = (
    ("在青禾银行 App 点击“立即领取”", "Tap Redeem in the Qinghe Bank app"),
    ("确认手机号并完成验证", "Confirm your mobile number"),
    ("在“我的权益”中查看电子券", "Find the e-voucher under My benefits"),
    ("按短信提示预约服务时间", "Book a time from the text message"),
    ("到店出示电子券完成核销", "Show the e-voucher in store"),
)
LABELS: tuple[Pair, ...] = (("马上领", "Get it"), ("预约", "Book"), ("领取", "Claim"))
TIER_NAMES: tuple[Pair, ...] = (
    ("惠生活", "Everyday Living"),
    ("悦生活", "Joyful Living"),
    ("享生活", "Gracious Living"),
    ("品生活", "Signature Living"),
)
AUDIENCES: tuple[Pair, ...] = (
    ("全体客户", "All customers"),
    ("金卡客户", "Gold card customers"),
    ("贵宾客户", "Premier customers"),
    ("私行客户", "Private Banking clients"),
)
TAGLINES: tuple[Pair, ...] = (
    ("日常的小确幸都在这里。", "Small pleasures for every day."),
    ("更多精彩，与您同行。", "More to enjoy, together."),
    ("专属礼遇，品质生活。", "Exclusive treats for a richer life."),
    ("一切只为您。", "Reserved for you."),
)
ACCENTS = ("#1f6f4a", "#2a6fb0", "#b0452a", "#7a5412", "#6b3fa0", "#0f7c7c")
SHELF_TITLES: tuple[Pair, ...] = (
    ("暖心专场", "Warm-Heart Special"),
    ("本季精选", "Top picks this season"),
    ("新品上架", "New arrivals"),
    ("周末好去处", "Weekend outings"),
    ("限时抢兑", "Limited-time offers"),
    ("客户经理推荐", "Recommended by our managers"),
    ("人气榜单", "Most popular"),
    ("即将结束", "Ending soon"),
)
INTROS: tuple[Pair, ...] = (
    ("客户经理为您挑选的人气权益。", "Our relationship managers' favourite benefits."),
    ("限时礼遇，先到先得。", "Limited-time treats while they last."),
    ("为您和家人准备的精彩体验。", "Experiences for you and your family."),
    ("绿色低碳，从身边做起。", "Greener living starts close to home."),
)
CAMPAIGNS: tuple[tuple[date, date], ...] = (
    (date(2022, 5, 20), date(2022, 6, 30)),  # running on REFERENCE_DAY
    (date(2022, 3, 22), date(2022, 3, 31)),  # over
    (date(2022, 11, 1), date(2022, 11, 11)),  # upcoming
    SPAN,  # a campaign that never stops
)
CARD_COLOURS = ("#e3f1e8", "#e6eef8", "#fbe9e4", "#f6efe0", "#efe8f6", "#e0f2f2")
SORTS = ("priority", "ending", "newest")
SHELF_KINDS = (
    "lines",
    "tiers",
    "lines+tiers",
    "ids",
    "lines",
    "ids+pinned",
    "lines+pinned",
    "tiers+pinned",
)
QUOTAS = (100, 200, 500, 1000, 2000, 5000, 10000, 50000)
LINK_LENGTH = 60
"""Characters a paragraph's Markdown link takes, URL included."""
SHARED_SHELVES = 2
"""Shelves every zone shows first (programme-wide picks, campaigns)."""
ZONE_SHELVES = 10
"""How many shelves each tier lists."""

_SIMPLIFIED_TRADITIONAL = (
    "动動间間领領权權请請仅僅转轉赠贈额額门門长長节節预預约約过過务務时時为為"
    "调調规規则則证證儿兒须須参參验驗体體们們费費积積补補经經会會与與联聯将將"
    "续續优優质質伙夥评評边邊发發单單车車绿綠环環乐樂馆館艺藝术術医醫疗療护護"
    "线線诊診专專属屬礼禮宾賓贵貴户戶银銀这這个個让讓轻輕队隊对對数數点點东東"
    "视視购購买買运運营營达達热熱说說详詳见見细細现現处處别別码碼机機号號确確"
    "认認击擊开開启啟扫掃区區湿濕乌烏镇鎮乡鄉园園检檢问問师師话話剧劇遗遺电電"
    "旧舊双雙张張满滿减減态態爱愛温溫气氣亲親导導讲講万萬计計划劃总總结結实實"
    "项項标標备備应應产產众眾样樣网網书書员員观觀两兩头頭关關后後从從钟鐘览覽"
    "惯慣兑兌榜榜题題洁潔驰馳纸紙业業团團韵韻齿齒随隨驾駕匠匠鲜鮮传傳统統级級"
    "条條办辦报報选選欢歡无無较較议議错錯笔筆订訂销銷页頁内內准準里裏系繫松鬆"
)
"""Pairs of characters: simplified, then traditional, for the filler's words."""
_TRADITIONAL = str.maketrans(
    {
        _SIMPLIFIED_TRADITIONAL[i]: _SIMPLIFIED_TRADITIONAL[i + 1]
        for i in range(0, len(_SIMPLIFIED_TRADITIONAL), 2)
    }
)


class _Dumper(_BaseDumper):
    """SafeDumper writing files the way an editor would: Markdown as ``|``
    blocks, colours in double quotes."""


def _represent_str(dumper: SafeRepresenter, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value else '"' if value.startswith("#") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)


def generate(
    target: Path,
    benefits: int = 2000,
    shelves: int = 40,
    tiers: int = 4,
    locales: tuple[str, ...] = ("zh-CN", "zh-HK", "en"),
    seed: int = 7,
) -> None:
    """Write a complete, valid programme (site.yaml, tiers/, benefits/,
    shelves/, images/) into ``target``, which must be empty or missing."""
    if min(benefits, shelves, tiers) < 1 or not locales:
        raise ValueError("benefits, shelves, tiers and locales must not be empty")
    _prepare(target)
    writer = _Writer(random.Random(seed), locales)
    tier_ids = tuple(f"t{rank}" for rank in range(1, tiers + 1))
    shelf_ids = tuple(f"shelf-{number:02d}" for number in range(shelves))
    _write_images(target / "images", tiers)
    _dump(target / "site.yaml", _site(writer))
    benefit_ids = _write_benefits(target / "benefits", writer, tier_ids, benefits)
    for number, shelf_id in enumerate(shelf_ids):
        shelf = _shelf(writer, number, tier_ids, benefit_ids)
        _dump(target / "shelves" / f"{shelf_id}.yaml", shelf)
    for rank, tier_id in enumerate(tier_ids, start=1):
        _dump(target / "tiers" / f"{tier_id}.yaml", _tier(writer, rank, shelf_ids))


def _prepare(target: Path) -> None:
    """Refuse a folder with files in it: leftovers from a larger run would
    silently change what the benchmark measures."""
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise FileExistsError(
            f"{target} is not an empty folder; give an empty or new one"
        )
    for folder in ("images", "tiers", "benefits", "shelves"):
        (target / folder).mkdir(parents=True, exist_ok=True)


def _dump(path: Path, document: Doc) -> None:
    text = yaml.dump(
        document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000
    )
    path.write_text(text, encoding="utf-8")


def family(locale: str) -> str:
    """Which filler a locale is written in: zh-CN, zh-HK (traditional) or en."""
    lower = locale.lower()
    if lower.startswith("zh"):
        return "zh-HK" if lower.endswith(("hk", "tw", "mo", "hant")) else "zh-CN"
    return "en"


def _localise(pair: Pair, kind: str) -> str:
    return pair[1] if kind == "en" else _convert(pair[0], kind)


def _convert(chinese: str, kind: str) -> str:
    """Traditional characters for zh-HK, so its pages differ from zh-CN's."""
    return chinese.translate(_TRADITIONAL) if kind == "zh-HK" else chinese


def _slug(english: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", english.lower()).strip("-")


def _tier_name(rank: int) -> Pair:
    if rank <= len(TIER_NAMES):
        return TIER_NAMES[rank - 1]
    return (f"第{rank}档", f"Tier {rank}")


class _Writer:
    """Draws every random choice, in a fixed order, and writes the filler."""

    def __init__(self, rng: random.Random, locales: tuple[str, ...]) -> None:
        self.rng = rng
        self.locales = locales

    def text(self, pair: Pair) -> dict[str, str]:
        """The same phrase in every locale, as a translator would give it."""
        return {locale: _localise(pair, family(locale)) for locale in self.locales}

    def pick(self, options: Sequence[Pair]) -> dict[str, str]:
        return self.text(self.rng.choice(options))

    def body(self, benefit_id: str, with_list: bool) -> dict[str, str]:
        """Three paragraphs drawn afresh for each locale: no two bodies are
        the same text, so the build must render every one of them."""
        return {
            locale: self._body(benefit_id, family(locale), with_list)
            for locale in self.locales
        }

    def steps(self) -> dict[str, str]:
        """A numbered Markdown list of three redeem steps."""
        return {locale: self._steps(family(locale)) for locale in self.locales}

    def _steps(self, kind: str) -> str:
        chosen = sorted(self.rng.sample(range(len(STEPS)), 3))
        items = [_localise(STEPS[index], kind) for index in chosen]
        return "".join(f"{n}. {item}\n" for n, item in enumerate(items, start=1))

    def _body(self, benefit_id: str, kind: str, with_list: bool) -> str:
        blocks = [self._paragraph(benefit_id, kind) for _ in range(3)]
        if with_list:
            blocks.insert(self.rng.randint(1, 3), self._bullets(kind))
        return "\n\n".join(blocks) + "\n"

    def _paragraph(self, benefit_id: str, kind: str) -> str:
        """2-4 sentences, ~250-400 characters, with a **bold** clause and a
        link, like the descriptions product managers write."""
        count = self.rng.randint(2, 4)
        budget = (self.rng.randint(270, 410) - LINK_LENGTH) // count
        sentences = [self._clauses(kind, budget) for _ in range(count)]
        bold = sentences[self.rng.randrange(count)]
        clause = self.rng.randrange(len(bold))
        bold[clause] = f"**{bold[clause]}**"
        sentences[self.rng.randrange(count)].append(self._link(benefit_id, kind))
        glue = " " if kind == "en" else ""
        return glue.join(_sentence(clauses, kind) for clauses in sentences)

    def _clauses(self, kind: str, budget: int) -> list[str]:
        """Distinct clauses adding up to at most ``budget`` characters."""
        pool = list(EN_CLAUSES if kind == "en" else ZH_CLAUSES)
        self.rng.shuffle(pool)
        clauses = [_convert(pool.pop(), kind)]
        used = len(clauses[0])
        for clause in pool:
            if used + len(clause) + 2 <= budget:
                clauses.append(_convert(clause, kind))
                used += len(clause) + 2
        return clauses

    def _link(self, benefit_id: str, kind: str) -> str:
        zh_lead, zh_label, en_lead, en_label, page = self.rng.choice(LINKS)
        url = f"https://partner.example/{benefit_id}/{page}"
        if kind == "en":
            return f"{en_lead} [{en_label}]({url})"
        return _convert(f"{zh_lead}[{zh_label}]", kind) + f"({url})"

    def _bullets(self, kind: str) -> str:
        pool = EN_CLAUSES if kind == "en" else ZH_CLAUSES
        items = self.rng.sample(pool, self.rng.randint(3, 4))
        if kind == "en":
            return "\n".join(f"- {item[0].upper()}{item[1:]}" for item in items)
        return "\n".join(f"- {_convert(item, kind)}" for item in items)


def _sentence(clauses: list[str], kind: str) -> str:
    if kind != "en":
        return "，".join(clauses) + "。"
    text = ", ".join(clauses)
    first = 2 if text.startswith("**") else 0
    return text[:first] + text[first].upper() + text[first + 1 :] + "."


def _site(writer: _Writer) -> Doc:
    return {
        "title": writer.text(("青禾银行 · 客户权益", "Qinghe Bank Benefits")),
        "description": writer.text(
            (
                "青禾银行客户权益平台：绿色环保、车生态与长三角特色礼遇一站领取。",
                "Qinghe Bank's benefits portal: green living, motoring and the "
                "Yangtze River Delta in one place.",
            )
        ),
        "base_url": "https://benefits.qinghe-bank.example/",
        "locales": list(writer.locales),
        "timezone": "Asia/Shanghai",
        "theme": "default",
        "app_schemes": ["qinghe"],
        "lines": {line: writer.text(name) for line, name in LINES.items()},
        "quota_api": {"url": "/api/quota"},
    }


def _tier(writer: _Writer, rank: int, shelf_ids: tuple[str, ...]) -> Doc:
    return {
        "name": writer.text(_tier_name(rank)),
        "rank": rank,
        "audience": writer.text(AUDIENCES[(rank - 1) % len(AUDIENCES)]),
        "tagline": writer.text(TAGLINES[(rank - 1) % len(TAGLINES)]),
        "style": {
            "accent": ACCENTS[(rank - 1) % len(ACCENTS)],
            "hero": f"images/hero-{rank}.svg",
        },
        "shelves": _zone_shelves(rank, shelf_ids),
    }


def _zone_shelves(rank: int, shelf_ids: tuple[str, ...]) -> list[str]:
    """Every zone shows the programme-wide shelves first, then its own
    slice of the others: ZONE_SHELVES in all, as marketing composes them."""
    shared, rest = list(shelf_ids[:SHARED_SHELVES]), shelf_ids[SHARED_SHELVES:]
    wanted = min(ZONE_SHELVES - len(shared), len(rest))
    start = (rank - 1) * wanted
    return shared + [rest[(start + k) % len(rest)] for k in range(wanted)]


def _write_benefits(
    folder: Path, writer: _Writer, tier_ids: tuple[str, ...], count: int
) -> tuple[str, ...]:
    ids: list[str] = []
    for number in range(count):
        benefit_id, benefit = _benefit(writer, number, tier_ids)
        _dump(folder / f"{benefit_id}.yaml", benefit)
        ids.append(benefit_id)
    return tuple(ids)


def _benefit(
    writer: _Writer, number: int, tier_ids: tuple[str, ...]
) -> tuple[str, Doc]:
    rng = writer.rng
    lines = _benefit_lines(rng)
    topic = rng.choice(TOPICS[lines[0] if lines else rng.choice(list(LINES))])
    product = rng.choice(PRODUCTS)
    benefit_id = f"{_slug(topic[1])}-{number + 1:04d}"
    title = (topic[0] + product[0], f"{topic[1]} {product[1]}")
    tail = rng.choice(SUMMARY_TAILS)
    doc: Doc = {
        "title": writer.text(title),
        "summary": writer.text((f"{title[0]}，{tail[0]}。", f"{title[1]}: {tail[1]}.")),
        "body": writer.body(benefit_id, with_list=rng.random() < 0.1),
        "partner": _partner(writer),
    }
    if lines:
        doc["lines"] = lines
    doc["tiers"] = _tier_rule(rng, tier_ids)
    doc["valid"] = _validity(rng)
    if rng.random() < 0.6:
        doc["quota"] = {"total": rng.choice(QUOTAS)}
    doc["redeem"] = _redeem(writer, benefit_id)
    if rng.random() < 0.8:
        doc["priority"] = rng.randrange(0, 101, 5)
    if rng.random() < 0.7:
        doc["image"] = f"images/card-{rng.randrange(len(CARD_COLOURS))}.svg"
    return benefit_id, doc


def _benefit_lines(rng: random.Random) -> list[str]:
    """Mostly one line, a quarter on two, a few on none."""
    roll = rng.random()
    if roll < 0.05:
        return []
    return rng.sample(list(LINES), 1 if roll < 0.75 else 2)


def _partner(writer: _Writer) -> str | dict[str, str]:
    """Some partners keep one name in every language, as the docs allow."""
    partner = writer.rng.choice(PARTNERS)
    return partner[0] if writer.rng.random() < 0.2 else writer.text(partner)


def _tier_rule(rng: random.Random, tier_ids: tuple[str, ...]) -> Doc | list[str]:
    """Half ``{from: tN}`` (weighted to the entry tiers), half explicit lists."""
    if rng.random() < 0.5:
        weights = [len(tier_ids) - index for index in range(len(tier_ids))]
        return {"from": rng.choices(tier_ids, weights=weights)[0]}
    chosen = set(rng.sample(tier_ids, rng.randint(1, min(3, len(tier_ids)))))
    return [tier for tier in tier_ids if tier in chosen]


def _validity(rng: random.Random) -> Doc:
    """8% ended and 8% not yet started on REFERENCE_DAY; the rest run
    across SPAN, some with no end at all."""
    roll = rng.random()
    if roll < 0.08:
        until = REFERENCE_DAY - timedelta(days=rng.randint(1, 150))
        return {"from": until - timedelta(days=rng.randint(30, 365)), "until": until}
    if roll < 0.16:
        start = REFERENCE_DAY + timedelta(days=rng.randint(14, 1500))
        if rng.random() < 0.3:
            return {"from": start}
        return {"from": start, "until": start + timedelta(days=rng.randint(60, 540))}
    window: Doc = {"from": SPAN[0] + timedelta(days=rng.randint(-180, 120))}
    roll = rng.random()
    if roll < 0.6:
        window["until"] = SPAN[1]
    elif roll < 0.85:
        window["until"] = SPAN[1] - timedelta(days=rng.randint(30, 1200))
    return window


def _redeem(writer: _Writer, benefit_id: str) -> Doc:
    rng = writer.rng
    redeem: Doc = {
        "url": f"qinghe://benefits/{benefit_id}"
        if rng.random() < 0.7
        else f"https://partner.example/redeem/{benefit_id}"
    }
    if rng.random() < 0.3:
        redeem["label"] = writer.pick(LABELS)
    if rng.random() < 0.5:
        redeem["steps"] = writer.steps()
    return redeem


def _shelf(
    writer: _Writer, number: int, tier_ids: tuple[str, ...], benefit_ids: Sequence[str]
) -> Doc:
    """Cycles through the kinds of selection, the sorts, unlimited shelves
    (every sixth: pages listing hundreds of benefits) and campaigns."""
    rng = writer.rng
    kind = SHELF_KINDS[number % len(SHELF_KINDS)]
    select, title = _select(writer, kind, tier_ids, benefit_ids)
    doc: Doc = {"title": writer.text(title)}
    if rng.random() < 0.6:
        doc["intro"] = writer.pick(INTROS)
    doc["select"] = select
    if "pinned" in kind:
        doc["pinned"] = rng.sample(
            benefit_ids, min(len(benefit_ids), rng.randint(2, 4))
        )
    sort = SORTS[number % len(SORTS)]
    if sort != "priority" or rng.random() < 0.5:
        doc["sort"] = sort
    if number % 6 != 2:
        doc["limit"] = rng.randint(20, 60)
    if number % 10 == 9:
        start, until = CAMPAIGNS[(number // 10) % len(CAMPAIGNS)]
        doc["window"] = {"from": start, "until": until}
    return doc


def _select(
    writer: _Writer, kind: str, tier_ids: tuple[str, ...], benefit_ids: Sequence[str]
) -> tuple[Doc, Pair]:
    """The shelf's ``select`` rules, and a title that says what they pick."""
    rng = writer.rng
    lines = rng.sample(list(LINES), rng.choice((1, 1, 2)))
    rank = rng.randint(1, len(tier_ids))
    line_name, tier_name = LINES[lines[0]], _tier_name(rank)
    if kind.startswith("ids"):
        count = min(len(benefit_ids), rng.randint(10, 40))
        return {"ids": rng.sample(benefit_ids, count)}, rng.choice(SHELF_TITLES)
    if kind.startswith("lines+tiers"):
        title = (tier_name[0] + "·" + line_name[0], f"{line_name[1]}, {tier_name[1]}")
        return {"lines": lines, "tiers": [tier_ids[rank - 1]]}, title
    if kind.startswith("lines"):
        return {"lines": lines}, (line_name[0] + "精选", f"{line_name[1]} picks")
    title = (tier_name[0] + "专享", f"Only in {tier_name[1]}")
    return {"tiers": [tier_ids[rank - 1]]}, title


def _write_images(folder: Path, tiers: int) -> None:
    """A handful of small SVGs that many benefits share, one hero per tier."""
    for index, colour in enumerate(CARD_COLOURS):
        svg = _svg(320, 200, colour, ACCENTS[index % len(ACCENTS)])
        (folder / f"card-{index}.svg").write_text(svg, encoding="utf-8")
    for rank in range(1, tiers + 1):
        svg = _svg(640, 320, ACCENTS[(rank - 1) % len(ACCENTS)], "#f4d35e")
        (folder / f"hero-{rank}.svg").write_text(svg, encoding="utf-8")


def _svg(width: int, height: int, background: str, accent: str) -> str:
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}"><rect width="{width}" height="{height}" '
        f'fill="{background}"/><circle cx="{width // 2}" cy="{height // 2}" '
        f'r="{height // 5}" fill="{accent}"/></svg>\n'
    )

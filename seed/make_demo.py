"""Write the demo bundle seed/demo/*.csv: the article's own example, made concrete.

We are a software vendor selling digital transformation (seed/catalogue.py). Our main
salesperson 张伟 (`sp-zhang`) works 34 accounts: target customers carrying opportunities,
potential customers with situation tags, and old customers whose people are channels.
The showcase is the target account 华信制造 (`c-huaxin`) and its ERP committee
(`n-erp`, seven people): 张伟 reaches five of them over warm paths of 2-4 hops, the new CIO
and the procurement manager only through channels, and for the general manager the
strongest path (via an old customer, 3 hops) is not the shortest (via an event contact,
2 hops). 张伟 knows exactly one key person directly: the IT manager of 博远物流 (P3 -> LTC).

Deterministic: `python seed/make_demo.py` rewrites the same files every time, and checks
the showcase before it writes.
"""

from __future__ import annotations

import random
from datetime import date, timedelta
from pathlib import Path

try:
    from seed.catalogue import ROLE_TITLES, ROLES, csv_writer, flag, write_catalogue
except ModuleNotFoundError:  # run as a script: `python seed/make_demo.py`
    from catalogue import (  # type: ignore[import-not-found,no-redef]
        ROLE_TITLES,
        ROLES,
        csv_writer,
        flag,
        write_catalogue,
    )

OUT = Path(__file__).resolve().parent / "demo"
RNG_SEED = 20220717  # the article's date
MAIN = "sp-zhang"
SHOWCASE = ("c-huaxin", "n-erp")
GAPS = ("huaxin-02", "huaxin-06")  # the new CIO and the procurement manager

# fmt: off
# id, name, kind, status, industry, revenue, headcount, region, situation,
# people we know of there, roles held by the first of them (a cell: ";"-separated role ids)
Customer = tuple[str, str, str, str, str, str, str, str, str, int, list[str]]
CUSTOMERS: list[Customer] = [
    ("c-huaxin", "华信制造", "organization", "target", "manufacturing", "2800000000", "3200",
     "江苏苏州", "rapid_growth;legacy_erp;new_cio", 38,
     ["r-ceo", "r-cio", "r-cfo", "r-ops-head", "r-it-mgr", "r-procurement", "r-key-user",
      "r-data-lead", "r-ciso", "r-hr-head"]),
    ("c-boyuan", "博远物流", "organization", "target", "logistics", "1200000000", "1800",
     "上海", "legacy_erp;cost_cutting", 16, ["r-ceo", "r-cio", "r-cfo", "r-it-mgr", "r-key-user"]),
    ("c-jinlun", "金伦汽车零部件", "organization", "target", "manufacturing", "950000000",
     "1100", "浙江宁波", "compliance_pressure;legacy_erp", 14,
     ["r-ceo", "r-it-mgr", "r-ciso", "r-ops-head"]),
    ("c-northwind", "Northwind Retail, Inc.", "organization", "target", "retail", "640000000",
     "900", "上海", "rapid_growth", 12, ["r-ceo", "r-bu-head", "r-it-mgr", "r-key-user"]),
    ("c-meilin", "美林连锁药房", "organization", "target", "healthcare", "420000000", "2600",
     "湖北武汉", "rapid_growth;compliance_pressure", 10, ["r-ceo", "r-it-mgr", "r-bu-head"]),
    ("c-hengtai", "恒泰证券", "organization", "target", "finance", "3500000000", "2100",
     "广东深圳", "compliance_pressure;new_cio", 14,
     ["r-cio", "r-ciso", "r-data-lead", "r-it-mgr", "r-cfo"]),
    ("c-kangning", "康宁医院集团", "organization", "target", "healthcare", "1500000000", "4200",
     "四川成都", "merger;compliance_pressure", 13,
     ["r-ceo", "r-cio", "r-data-lead", "r-procurement"]),
    ("c-yuxin", "育新教育集团", "organization", "target", "education", "300000000", "1500",
     "北京", "cost_cutting", 9, ["r-ceo", "r-it-mgr", "r-hr-head"]),
    ("c-dongfang", "东方纺织", "organization", "target", "manufacturing", "560000000", "1300",
     "江苏无锡", "legacy_erp;cost_cutting", 10, ["r-ceo", "r-cfo", "r-it-mgr"]),
    ("c-tianhe", "天和食品", "organization", "target", "manufacturing", "780000000", "1600",
     "河南郑州", "rapid_growth", 9, ["r-ceo", "r-ops-head"]),
    ("c-zhiyuan", "智源科技", "organization", "target", "technology", "150000000", "260",
     "浙江杭州", "rapid_growth", 6, ["r-ceo;r-cio"]),
    ("c-lijie", "李杰 (个体电商店主)", "individual", "target", "retail", "3000000", "1",
     "广东广州", "rapid_growth", 1, ["r-ceo"]),
    ("c-haida", "海达冷链", "organization", "potential", "logistics", "380000000", "700",
     "山东青岛", "rapid_growth;legacy_erp", 8, ["r-ceo", "r-it-mgr"]),
    ("c-lantian", '蓝天"优选"超市', "organization", "potential", "retail", "210000000", "1200",
     "福建厦门", "cost_cutting", 7, ["r-ceo"]),
    ("c-ruifeng", "瑞丰农商银行", "organization", "potential", "finance", "900000000", "800",
     "浙江绍兴", "compliance_pressure", 9, ["r-cio", "r-ciso"]),
    ("c-chengkang", "诚康医疗器械", "organization", "potential", "healthcare", "460000000",
     "650", "江苏常州", "merger", 7, ["r-ceo", "r-cfo"]),
    ("c-xinghe", "星河职业学院", "organization", "potential", "education", "120000000", "900",
     "湖南长沙", "new_cio", 6, ["r-cio"]),
    ("c-pacific", "Pacific Harbor Logistics", "organization", "potential", "logistics",
     "1100000000", "1400", "天津", "merger;legacy_erp", 9, ["r-ceo", "r-cio", "r-ops-head"]),
    ("c-jiahe", "嘉禾家居", "organization", "potential", "retail", "350000000", "", "广东佛山",
     "cost_cutting", 7, ["r-ceo", "r-bu-head"]),
    ("c-hongda", "宏达精密", "organization", "potential", "manufacturing", "520000000", "950",
     "广东东莞", "legacy_erp", 10, ["r-ceo", "r-it-mgr", "r-ops-head"]),
    ("c-anxin", "安信保险经纪", "organization", "potential", "finance", "", "400", "上海",
     "compliance_pressure", 5, ["r-ceo;r-cio"]),
    ("c-yunfan", "云帆跨境电商", "organization", "potential", "retail", "260000000", "300",
     "广东深圳", "rapid_growth", 7, ["r-ceo", "r-bu-head"]),
    ("c-zhaoli", "赵立 (独立设计工作室)", "individual", "potential", "services", "800000", "1",
     "上海", "", 1, ["r-ceo"]),
    ("c-greenfield", "Greenfield Foods, Ltd.", "organization", "potential", "manufacturing",
     "670000000", "1000", "上海", "rapid_growth;new_cio", 8, ["r-ceo", "r-cio"]),
    ("c-tianyu", "天宇机械", "organization", "existing", "manufacturing", "1300000000", "1700",
     "江苏苏州", "", 10, ["r-ceo", "r-cio", "r-ops-head"]),
    ("c-huamei", "华美百货", "organization", "existing", "retail", "880000000", "2300",
     "浙江杭州", "cost_cutting", 9, ["r-bu-head", "r-it-mgr"]),
    ("c-xunda", "迅达快运", "organization", "existing", "logistics", "1000000000", "3000",
     "上海", "rapid_growth", 9, ["r-cio", "r-it-mgr"]),
    ("c-jiankang", "健康源医药", "organization", "existing", "healthcare", "740000000", "1500",
     "广东广州", "", 8, ["r-ceo", "r-data-lead"]),
    ("c-boya", "博雅学校", "organization", "existing", "education", "90000000", "400", "北京",
     "", 6, ["r-it-mgr"]),
    ("c-taihe", "泰和村镇银行", "organization", "existing", "finance", "300000000", "350",
     "安徽合肥", "compliance_pressure", 7, ["r-cio", "r-ciso"]),
    ("c-kaiyuan", "开元化工", "organization", "existing", "manufacturing", "2100000000",
     "2500", "山东淄博", "", 9, ["r-ceo", "r-cio", "r-cfo"]),
    ("c-ruida", "Ruida Electronics", "organization", "existing", "manufacturing", "560000000",
     "800", "广东深圳", "merger", 8, ["r-cio", "r-ops-head"]),
    ("c-lanhai", "蓝海供应链", "organization", "existing", "logistics", "400000000", "600",
     "浙江宁波", "", 7, ["r-ceo"]),
    ("c-songshan", "嵩山建材", "organization", "existing", "manufacturing", "650000000", "1200",
     "河南郑州", "cost_cutting", 7, ["r-ceo", "r-it-mgr"]),
]
ENGLISH = {"c-northwind", "c-pacific", "c-greenfield", "c-ruida"}

# customer, need, approved, budget this year, budget (CNY or ""), KPI-related
CUSTOMER_NEEDS: list[tuple[str, str, bool, bool, str, bool]] = [
    ("c-huaxin", "n-erp", True, True, "1800000", True),
    ("c-huaxin", "n-data", False, False, "", False),
    ("c-huaxin", "n-hardware", True, True, "500000", False),
    ("c-boyuan", "n-erp", True, True, "2200000", True),
    ("c-boyuan", "n-cloud", False, True, "600000", False),
    ("c-jinlun", "n-sec", True, True, "350000", True),
    ("c-jinlun", "n-cloud", False, False, "", False),
    ("c-northwind", "n-crm", True, True, "800000", True),
    ("c-meilin", "n-crm", False, True, "400000", False),
    ("c-meilin", "n-lowcode", True, True, "200000", False),
    ("c-hengtai", "n-sec", True, True, "900000", True),
    ("c-hengtai", "n-data", True, False, "", True),
    ("c-hengtai", "n-mainframe", True, True, "1500000", False),
    ("c-kangning", "n-data", True, True, "3000000", True),
    ("c-kangning", "n-hardware", True, True, "2000000", False),
    ("c-yuxin", "n-lowcode", False, False, "", False),
    ("c-yuxin", "n-hr", True, True, "300000", True),
    ("c-dongfang", "n-erp", True, True, "300000", False),
    ("c-tianhe", "n-erp", False, False, "", True),
    ("c-tianhe", "n-mes", False, True, "900000", False),
    ("c-zhiyuan", "n-cloud", True, True, "400000", True),
    ("c-lijie", "n-crm", False, True, "50000", False),
    ("c-haida", "n-erp", False, False, "", False),
    ("c-pacific", "n-cloud", False, False, "", False),
    ("c-tianyu", "n-data", False, False, "", False),
    ("c-xunda", "n-sec", True, True, "300000", True),
]

# Person rows with no employer: id, name, title, email.
OURS = [("sp-zhang", "张伟"), ("sp-li", "李娜"), ("sp-wang", "王芳"), ("sp-chen", "陈杰")]
PEERS = [  # peer salespeople of non-competing vendors, and what they sell
    ("peer-liu", "刘洋", "鼎新服务器", "servers and storage"),
    ("peer-ma", "马超", "联创网络", "network equipment"),
    ("peer-gao", "高峰", "汇才人力", "HR outsourcing"),
    ("peer-xu", "徐丽", "精工自动化", "PLCs and industrial automation"),
    ("peer-song", "宋佳", "云通通信", "enterprise broadband"),
    ("peer-tang", "唐敏", "智印办公", "printers and office equipment"),
    ("peer-luo", "罗斌", "恒信会计师事务所", "audit and tax advisory"),
    ("peer-he", "何军", "安盾安防", "access control and CCTV"),
]
EXPERTS = [
    ("ex-zhou", "周明", "数字化转型顾问 (former CIO)", "digital transformation"),
    ("ex-qian", "钱文", "制造业数字化专栏作者", "smart manufacturing"),
    ("ex-sun", "孙立", "数据治理教授", "data governance"),
    ("ex-deng", "邓蓉", "等保合规专家", "security compliance"),
]
HUAXIN_NAMES = ["陈国栋", "林志远", "赵敏", "孙建华", "周涛", "吴静", "郑丽", "马骏", "何芳", "韩雪"]

# The showcase, by hand: a, b, strength, last contact, context.
HAND_TIES: list[tuple[str, str, float, str, str]] = [
    ("sp-zhang", "sp-li", 0.9, "2026-11-20", "colleagues in our sales team"),
    ("sp-zhang", "sp-chen", 0.8, "2026-11-18", "colleagues in our sales team"),
    ("sp-li", "sp-wang", 0.85, "2026-11-12", "colleagues in our sales team"),
    ("sp-zhang", "peer-liu", 0.7, "2026-09-12",
     "peer salesperson: co-sold to manufacturers in Suzhou since 2021"),
    ("sp-zhang", "peer-ma", 0.6, "2026-07-03", "peer salesperson: joint bid at 开元化工 2023"),
    ("sp-zhang", "ex-zhou", 0.6, "2026-05-20",
     "expert: co-hosted a digital transformation salon 2024"),
    ("sp-zhang", "tianyu-03", 0.9, "2026-10-08", "old customer: signed ERP project 2022"),
    ("sp-zhang", "kaiyuan-02", 0.8, "2026-03-15", "old customer: signed ERP project 2021"),
    ("sp-zhang", "boyuan-04", 0.8, "2026-08-30", "university classmates (华南理工大学 2006-2010)"),
    ("sp-zhang", "hongda-05", 0.35, "2025-06-14", "met at 中国数字化转型峰会 2025"),
    ("hongda-05", "huaxin-01", 0.3, "2024-11-02", "met at 苏州制造业CIO论坛 2024"),
    ("tianyu-03", "huaxin-04", 0.9, "2026-06-21", "worked together at 天宇机械 2014-2020"),
    ("huaxin-04", "huaxin-01", 0.85, "2026-11-05", "colleagues at 华信制造"),
    ("huaxin-04", "huaxin-07", 0.8, "2026-10-30", "colleagues at 华信制造"),
    ("peer-liu", "huaxin-05", 0.6, "2025-12-10", "peer salesperson: sold servers to 华信制造 2023"),
    ("ex-zhou", "huaxin-03", 0.5, "2025-04-18",
     "expert: advised 华信制造 on finance shared services 2023"),
    ("huaxin-02", "huaxin-06", 0.4, "2026-10-12", "colleagues at 华信制造 (new CIO since 2026-09)"),
]

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉红建国志文斌宇浩凯琳晨欣怡博婷雪峰"
EN_FIRST = ["Emily", "David", "Grace", "Kevin", "Linda", "Jason", "Amy", "Eric", "Helen", "Tony",
            "Cindy", "Frank", "Vivian", "Leo", "Sophie", "Ryan"]
EN_LAST = ["Zhao", "Chen", "Wang", "Lin", "Huang", "Xu", "Zhou", "Lee", "Wong", "Tan"]
TITLES = ["销售经理", "工程师", "会计", "人事专员", "市场专员", "仓储主管", "客服主管", "产品经理",
          "运营专员", "行政主管", "研发工程师", "质量工程师", "区域经理", "项目经理", "财务分析师"]
EN_TITLES = ["Sales Manager", "Engineer", "Accountant", "Marketing Specialist", "Store Manager",
             "Product Manager", "Operations Analyst", "Project Manager", "Buyer"]
EVENTS = ["中国数字化转型峰会 2025", "华东CIO年会 2024", "云栖大会 2025", "苏州制造业CIO论坛 2024",
          "零售数字化沙龙 2026", "医疗信息化大会 2025"]
UNIVERSITIES = ["浙江大学", "上海交通大学", "华中科技大学", "南京大学", "中山大学", "山东大学"]
TOPICS = ["data governance", "ERP selection", "cloud migration", "MLPS 2.0 compliance",
          "smart manufacturing"]


# fmt: on


class Demo:
    """The demo bundle being built: rows per table, plus what the tie rules need."""

    def __init__(self) -> None:
        self.rng = random.Random(RNG_SEED)
        self.people: list[list[str]] = []
        self.staff: dict[str, list[str]] = {}  # customer id -> person ids
        self.holders: set[str] = set()  # people holding a role
        # undirected pair -> the row as first written: a, b, strength, last contact, context
        self.ties: dict[tuple[str, str], tuple[str, str, float, str, str]] = {}
        self._names: set[str] = set()

    def name(self, english: bool) -> str:
        while True:
            if english:
                n = f"{self.rng.choice(EN_FIRST)} {self.rng.choice(EN_LAST)}"
            else:
                given = "".join(self.rng.sample(GIVEN, self.rng.choice((1, 2, 2))))
                n = self.rng.choice(SURNAMES) + given
            if n not in self._names:
                self._names.add(n)
                return n

    def add_people(self) -> None:
        for pid, name in OURS:
            self.people.append(
                [pid, name, "", "客户经理 Account manager", "", "true", f"{pid}@ourco.example.com"]
            )
        for pid, name, vendor, _ in PEERS:
            self.people.append([pid, name, "", f"销售经理 @ {vendor}", "", "false", ""])
        for pid, name, title, _ in EXPERTS:
            self.people.append([pid, name, "", title, "", "false", f"{pid}@expert.example.org"])
        for cid, cname, *_, count, roles in CUSTOMERS:
            english, short = cid in ENGLISH, cid.removeprefix("c-")
            ids = self.staff[cid] = []
            for k in range(count):
                pid = f"{short}-{k + 1:02d}"
                role = roles[k] if k < len(roles) else ""
                if cid == "c-huaxin" and k < len(HUAXIN_NAMES):
                    name = HUAXIN_NAMES[k]
                elif count == 1:
                    name = cname.split(" ")[0]
                else:
                    name = self.name(english)
                if role:
                    self.holders.add(pid)
                    title = ROLE_TITLES[role.split(";")[0]]
                else:
                    title = self.rng.choice(EN_TITLES if english else TITLES)
                email = f"{pid}@{short}.example.cn" if self.rng.random() < 0.75 else ""
                self.people.append([pid, name, cid, title, role, "false", email])
                ids.append(pid)

    def add_tie(self, a: str, b: str, strength: float, last: str, context: str) -> None:
        key = (a, b) if a < b else (b, a)
        if a != b and key not in self.ties:
            self.ties[key] = (a, b, strength, last, context)

    def tie(self, a: str, b: str, lo: float, hi: float, context: str, recent: bool = False) -> None:
        """A tie of random strength in [lo, hi] and a random last contact (often recent)."""
        strength = round(self.rng.uniform(lo, hi), 2)
        self.add_tie(a, b, strength, self.last_contact(recent), context)

    def last_contact(self, recent: bool) -> str:
        if self.rng.random() < (0.1 if recent else 0.25):
            return ""
        start = date(2025, 6, 1) if recent else date(2024, 1, 1)
        days = self.rng.randrange((date(2026, 11, 20) - start).days)
        return (start + timedelta(days=days)).isoformat()

    def add_ties(self) -> None:
        rng, cname = self.rng, {c[0]: c[1] for c in CUSTOMERS}
        for a, b, s, last, context in HAND_TIES:
            self.add_tie(a, b, s, last, context)
        # Who random ties may touch: not our salespeople, not the showcase gaps.
        pool = {cid: [p for p in ids if p not in GAPS] for cid, ids in self.staff.items()}
        everyone = [p for ids in pool.values() for p in ids]
        employer = {p: cid for cid, ids in pool.items() for p in ids}
        for cid, ids in pool.items():  # colleagues: dense, strong, recent
            if len(ids) <= 5:
                pairs = [(a, b) for i, a in enumerate(ids) for b in ids[i + 1 :]]
            else:
                pairs = [(a, b) for a in ids for b in rng.sample(ids, 4)]
            for a, b in pairs:
                self.tie(a, b, 0.5, 1.0, f"colleagues at {cname[cid]}", recent=True)
        for _ in range(125):  # former colleagues: a used to work at b's employer
            a, b = rng.sample(everyone, 2)
            y = rng.randrange(2012, 2021)
            years = f"{y}-{y + rng.randrange(2, 5)}"
            self.tie(a, b, 0.5, 0.9, f"worked together at {cname[employer[b]]} {years}")
        for _ in range(185):
            a, b = rng.sample(everyone, 2)
            self.tie(a, b, 0.2, 0.45, f"met at {rng.choice(EVENTS)}")
        for _ in range(60):
            a, b = rng.sample(everyone, 2)
            self.tie(a, b, 0.4, 0.8, f"university classmates ({rng.choice(UNIVERSITIES)})")
        holders = sorted(self.holders - set(GAPS))
        for pid, _, _, product in PEERS:  # peers know buyers and users at their customers
            for p in rng.sample(holders, 5) + rng.sample(everyone, rng.randrange(4, 9)):
                year = rng.randrange(2019, 2026)
                sold = f"sold {product} to {cname[employer[p]]} {year}"
                self.tie(pid, p, 0.3, 0.8, f"peer salesperson: {sold}")
        for (a, *_), (b, *_) in zip(PEERS, PEERS[1:] + PEERS[:1], strict=True):
            self.tie(a, b, 0.3, 0.7, f"peer salespeople: met at {rng.choice(EVENTS)}")
        for pid, *_ in EXPERTS:
            for p in rng.sample(holders, rng.randrange(6, 10)):
                advised = f"advised {cname[employer[p]]} on {rng.choice(TOPICS)}"
                self.tie(pid, p, 0.4, 0.8, f"expert: {advised} {rng.randrange(2021, 2026)}")
        # Our other salespeople: old customers, peers, event contacts; never a target's
        # key person (张伟's classmate at 博远物流 is the one direct line).
        status = {c[0]: c[3] for c in CUSTOMERS}
        old = [p for p in everyone if status[employer[p]] == "existing"]
        casual = [p for p in everyone if status[employer[p]] != "target" or p not in self.holders]
        for sp, _ in OURS[1:]:
            for p in rng.sample(old, 3):
                signed = f"signed {rng.choice(TOPICS)} project {rng.randrange(2020, 2026)}"
                self.tie(sp, p, 0.6, 0.95, f"old customer: {signed}", recent=True)
            for p, *_ in rng.sample(PEERS, 2):
                self.tie(sp, p, 0.4, 0.8, "peer salesperson")
            for p in rng.sample(casual, 3):
                self.tie(sp, p, 0.2, 0.4, f"met at {rng.choice(EVENTS)}")

    def channels(self) -> tuple[list[list[str]], dict[tuple[str, str], float]]:
        rng, status = self.rng, {c[0]: c[3] for c in CUSTOMERS}
        targets = [c for c, s in status.items() if s == "target"]
        potentials = [c for c, s in status.items() if s == "potential"]
        industry = {c[0]: c[4] for c in CUSTOMERS}
        places = [  # id, name, kind, audience, customers reached
            ("ch-baidu", "百度搜索 Baidu", "search_engine", "target", targets),
            ("ch-zhihu", "知乎 Zhihu", "qa_site", "target", rng.sample(targets, 8)),
            ("ch-csdn", "CSDN 开发者社区", "community", "both", rng.sample(sorted(status), 10)),
            ("ch-toutiao", "今日头条 Toutiao", "platform", "potential", potentials),
            (
                "ch-dt-summit",
                "中国数字化转型峰会 2026",
                "event",
                "potential",
                [*rng.sample(potentials, 8), "c-huaxin", "c-boyuan", "c-hengtai"],
            ),
            (
                "ch-cio-forum",
                "制造业CIO论坛",
                "forum",
                "both",
                [c for c in status if industry[c] == "manufacturing"],
            ),
            (
                "ch-aliyun-market",
                "阿里云云市场 Alibaba Cloud Marketplace",
                "shop",
                "target",
                rng.sample(targets, 5),
            ),
        ]
        rows: list[list[str]] = []
        reach: dict[tuple[str, str], float] = {}
        for chid, name, kind, audience, reached in places:
            rows.append([chid, name, kind, audience, ""])
            for c in reached:
                reach[chid, c] = round(rng.uniform(0.2, 0.6), 2)
        employer = {row[0]: row[2] for row in self.people}
        name_of = {row[0]: row[1] for row in self.people}
        people_channels = [
            (f"ch-{p}", f"同业销售 {n}", "peer_salesperson", "potential", p) for p, n, *_ in PEERS
        ]
        people_channels += [
            (f"ch-{p}", f"老客户 {name_of[p]}", "old_customer", "potential", p)
            for p in ("tianyu-03", "kaiyuan-02", "huamei-01", "xunda-01", "jiankang-01")
        ]
        people_channels += [(f"ch-{p}", f"专家 {n}", "expert", "target", p) for p, n, *_ in EXPERTS]
        for chid, name, kind, audience, pid in people_channels:
            rows.append([chid, name, kind, audience, pid])
            known = [b if a == pid else a for a, b in self.ties if pid in (a, b)]
            for c in sorted({employer[p] for p in known if employer[p]}):  # their circles
                reach[chid, c] = round(rng.uniform(0.3, 0.8), 2)
            for p in rng.sample(known, min(3, len(known))):
                reach[chid, p] = round(rng.uniform(0.4, 0.9), 2)
        # The showcase gaps: only channels reach them.
        reach["ch-ex-qian", "huaxin-02"] = 0.6  # the new CIO reads 钱文's column
        reach["ch-peer-ma", "huaxin-06"] = 0.5  # 马超 sells network gear through procurement
        return rows, reach


def check_showcase(demo: Demo, max_hops: int = 4) -> dict[str, tuple[int, int]]:
    """Per reachable key person: hops of the shortest and of the strongest path (<= max_hops)."""
    shortest, strongest = {MAIN: 0}, {MAIN: (1.0, 0)}  # person -> hops / (product, hops)
    frontier = {MAIN: 1.0}  # strongest walk of exactly h hops to each person
    for h in range(1, max_hops + 1):
        reached: dict[str, float] = {}
        for a, b, s, _, _ in demo.ties.values():
            for u, v in ((a, b), (b, a)):
                if u in frontier and frontier[u] * s > reached.get(v, 0.0):
                    reached[v] = frontier[u] * s
        for v, product in reached.items():
            shortest.setdefault(v, h)
            if product > strongest.get(v, (0.0, 0))[0]:
                strongest[v] = (product, h)
        frontier = reached
    cid, need = SHOWCASE
    cares = {role for role, _, needs, _ in ROLES if need in needs}
    group = [r[0] for r in demo.people if r[2] == cid and cares & set(r[4].split(";"))]
    assert len(group) == 7, group
    assert all((p in GAPS) == (p not in shortest) for p in group), "gaps are the unreachable"
    result = {p: (shortest[p], strongest[p][1]) for p in group if p in shortest}
    assert all(h >= 2 for h, _ in result.values()), "no key person at c-huaxin is known directly"
    assert any(h != n for h, n in result.values()), "strongest should differ from shortest"
    return result


def main() -> None:
    demo = Demo()
    demo.add_people()
    demo.add_ties()
    channel_rows, reach = demo.channels()
    for p, (h, n) in check_showcase(demo).items():
        print(f"{MAIN} -> {p}: shortest {h} hops, strongest {n} hops (within 4)")
    OUT.mkdir(exist_ok=True)
    write_catalogue(OUT)
    with csv_writer(OUT, "people") as w:
        w.writerows(demo.people)
    with csv_writer(OUT, "ties") as w:
        w.writerows((a, b, f"{s:.2f}", last, ctx) for a, b, s, last, ctx in demo.ties.values())
    with csv_writer(OUT, "customers") as w:
        w.writerows(c[:9] for c in CUSTOMERS)
    with csv_writer(OUT, "customer_needs") as w:
        w.writerows(
            (c, n, flag(a), flag(b), budget, flag(k)) for c, n, a, b, budget, k in CUSTOMER_NEEDS
        )
    with csv_writer(OUT, "channels") as w:
        w.writerows(channel_rows)
    with csv_writer(OUT, "channel_reach") as w:
        w.writerows((ch, t, f"{s:.2f}") for (ch, t), s in reach.items())
    print(
        f"{len(demo.people)} people, {len(demo.ties)} ties, {len(CUSTOMERS)} customers, "
        f"{len(channel_rows)} channels, {len(reach)} reach rows -> {OUT}"
    )


if __name__ == "__main__":
    main()

"""Our capability boundary (P1) and the buying roles (P3), shared by the demo and the generator.

A software vendor selling digital transformation: six capabilities, twelve needs of which
two we cannot meet, eleven roles that care about needs with a power. Rows are in the column
order of needs.csv, roles.csv and capabilities.csv; lists are joined with ";" when written.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

__all__ = [
    "CAPABILITIES",
    "COLUMNS",
    "NEEDS",
    "ROLES",
    "ROLE_TITLES",
    "csv_writer",
    "flag",
    "join",
    "write_catalogue",
]

# fmt: off
# The bundle's files and their header rows (DESIGN.md §2, the canonical CSV bundle).
COLUMNS: dict[str, list[str]] = {
    "people": ["id", "name", "customer_id", "title", "roles", "is_salesperson", "email"],
    "ties": ["source", "target", "strength", "last_contact", "context"],
    "customers": ["id", "name", "kind", "status", "industry", "revenue", "headcount", "region",
                  "situation"],
    "needs": ["id", "name", "description", "can_meet"],
    "roles": ["id", "name", "cares_about", "power"],
    "customer_needs": ["customer_id", "need_id", "approved", "budget_this_year", "budget",
                       "kpi_related"],
    "capabilities": ["id", "name", "kind", "solves", "price_min", "price_max", "advantages"],
    "channels": ["id", "name", "kind", "audience", "person_id"],
    "channel_reach": ["channel_id", "target_id", "strength"],
}

# id, name, description, can_meet
NEEDS: list[tuple[str, str, str, bool]] = [
    ("n-erp", "ERP现代化 ERP modernisation",
     "replace or upgrade a legacy ERP (finance, inventory, production planning)", True),
    ("n-data", "数据平台与BI Data platform",
     "one data platform and dashboards instead of spreadsheets and silos", True),
    ("n-crm", "客户管理 CRM", "sales pipeline, customer 360 and service tickets", True),
    ("n-cloud", "上云迁移 Cloud migration",
     "move on-premise systems to public or hybrid cloud", True),
    ("n-lowcode", "低代码流程 Low-code workflow",
     "approval flows and departmental apps without a development team", True),
    ("n-sec", "安全合规 Security compliance",
     "MLPS 2.0 (等保2.0) assessment, data-security law, audit logging", True),
    ("n-mes", "车间数字化 Shop-floor MES",
     "production execution, traceability and OEE on the shop floor", True),
    ("n-scm", "供应链协同 Supply-chain collaboration",
     "supplier portal, purchase-to-pay, inventory visibility", True),
    ("n-hr", "人力数字化 HR digitalisation", "core HR, attendance and payroll workflows", True),
    ("n-ai", "智能分析 AI analytics",
     "forecasting and an AI assistant on top of the company's data", True),
    ("n-hardware", "硬件采购 Hardware procurement",
     "servers, PCs and network gear; we do not sell hardware", False),
    ("n-mainframe", "大型机运维 On-premise mainframe support",
     "operating an on-premise mainframe; outside our capability boundary", False),
]

# id, name, cares_about (need ids), power
ROLES: list[tuple[str, str, list[str], str]] = [
    ("r-ceo", "总经理 CEO / General manager", ["n-erp", "n-data", "n-crm", "n-cloud", "n-ai"],
     "decision_maker"),
    ("r-cio", "信息化负责人 CIO",
     ["n-erp", "n-data", "n-cloud", "n-lowcode", "n-sec", "n-mes", "n-ai", "n-mainframe"],
     "decision_maker"),
    ("r-cfo", "财务总监 Finance director", ["n-erp", "n-cloud", "n-hr", "n-hardware"],
     "decision_maker"),
    ("r-bu-head", "事业部负责人 Business unit head", ["n-crm", "n-data", "n-ai", "n-lowcode"],
     "initiator"),
    ("r-ops-head", "生产运营总监 Operations director", ["n-erp", "n-mes", "n-scm"], "initiator"),
    ("r-it-mgr", "IT经理 IT manager",
     ["n-erp", "n-cloud", "n-sec", "n-lowcode", "n-hardware", "n-mainframe"], "influencer"),
    ("r-data-lead", "数据负责人 Data lead", ["n-data", "n-ai"], "influencer"),
    ("r-ciso", "安全负责人 Security officer", ["n-sec", "n-cloud"], "influencer"),
    ("r-hr-head", "人力资源总监 HR director", ["n-hr", "n-lowcode"], "initiator"),
    ("r-procurement", "采购经理 Procurement manager", ["n-erp", "n-scm", "n-hardware"],
     "gatekeeper"),
    ("r-key-user", "关键用户 Key user", ["n-erp", "n-crm", "n-lowcode", "n-mes"], "user"),
]

# The job title a holder of the role carries in people.csv.
ROLE_TITLES: dict[str, str] = {
    "r-ceo": "总经理", "r-cio": "CIO", "r-cfo": "财务总监", "r-bu-head": "事业部总经理",
    "r-ops-head": "生产总监", "r-it-mgr": "IT经理", "r-data-lead": "数据分析主管",
    "r-ciso": "信息安全主管", "r-hr-head": "人力资源总监", "r-procurement": "采购经理",
    "r-key-user": "业务主管",
}

# id, name, kind, solves (can_meet needs only), price_min, price_max (CNY), advantages
CAPABILITIES: list[tuple[str, str, str, list[str], int, int, list[str]]] = [
    ("cap-erp", "云ERP套件 Cloud ERP suite", "product", ["n-erp", "n-scm", "n-mes"],
     600_000, 3_000_000,
     ["manufacturing templates", "go-live in 4 months", "finance + production in one system"]),
    ("cap-data", "数据中台方案 Data platform solution", "solution", ["n-data", "n-ai"],
     800_000, 4_000_000, ["ready-made industry dashboards", "connectors for 60+ systems"]),
    ("cap-crm", "销售云 Sales cloud CRM", "product", ["n-crm"], 150_000, 1_200_000,
     ["WeChat Work integration", "mobile first"]),
    ("cap-cloud", "上云迁移服务 Cloud migration service", "service", ["n-cloud"],
     300_000, 2_000_000, ["certified on Alibaba Cloud and Huawei Cloud", "zero-downtime cut-over"]),
    ("cap-lowcode", "低代码平台 Low-code platform", "product", ["n-lowcode", "n-hr"],
     100_000, 800_000, ["business users build their own apps", "connects to the ERP"]),
    ("cap-sec", "等保合规服务 Compliance service", "service", ["n-sec"], 100_000, 600_000,
     ["MLPS 2.0 pass rate 100%", "local team in every province"]),
]


def join(items: list[str] | tuple[str, ...]) -> str:
    """A list cell as written in the bundle: items separated by ";"."""
    return ";".join(items)


# fmt: on


def flag(value: bool) -> str:
    """A boolean cell as written in the bundle."""
    return "true" if value else "false"


@contextmanager
def csv_writer(folder: Path, table: str) -> Iterator[Any]:
    """Open `folder/<table>.csv`, write its header row and yield a csv writer for the rows."""
    with (folder / f"{table}.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(COLUMNS[table])
        yield writer


def write_catalogue(folder: Path) -> None:
    """Write needs.csv, roles.csv and capabilities.csv."""
    with csv_writer(folder, "needs") as w:
        w.writerows((i, name, desc, flag(ok)) for i, name, desc, ok in NEEDS)
    with csv_writer(folder, "roles") as w:
        w.writerows((i, name, join(cares), power) for i, name, cares, power in ROLES)
    with csv_writer(folder, "capabilities") as w:
        w.writerows(
            (i, name, kind, join(solves), lo, hi, join(adv))
            for i, name, kind, solves, lo, hi, adv in CAPABILITIES
        )

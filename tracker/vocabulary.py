"""The tracker's domain words, defined once: every module takes them from here.

Stored values (in the database and in links) are the English identifiers on the left; the words
boards write (TKCS, NSTW, "TW giao") map onto them.
"""

from __future__ import annotations

import datetime as dt

#: The 2025 reorganisation: communes named in a report dated before this are read in the old units.
REFORM_DATE = dt.date(2025, 7, 1)
LAST_DAY_BEFORE_REFORM = REFORM_DATE - dt.timedelta(days=1)

#: What a project is. ``programme`` is a province's whole public-investment plan, not a work.
PROJECT_KINDS = (
    "expressway",
    "wind_farm",
    "line_500kv",
    "line_220kv",
    "border_gate",
    "other",
    "programme",
)
PROGRAMME_KIND = "programme"

#: Capital sources of a disbursement plan: central budget (NSTW), local budget (NSĐP), other.
CAPITAL_SOURCES = ("central", "local", "other")
#: How files write them (folded: lower case, no tone marks).
CAPITAL_SOURCE_SPELLINGS: dict[str, str] = {
    "central": "central",
    "nstw": "central",
    "ngan sach trung uong": "central",
    "trung uong": "central",
    "tw": "central",
    "von trung uong": "central",
    "local": "local",
    "nsdp": "local",
    "ngan sach dia phuong": "local",
    "dia phuong": "local",
    "dp": "local",
    "von dia phuong": "local",
    "nst": "local",
    "ngan sach tinh": "local",
    "other": "other",
    "khac": "other",
    "nguon khac": "other",
    "von khac": "other",
}

#: Design baselines of the area to clear: basic design (TKCS), technical design (TKKT).
DESIGN_BASELINES = ("basic", "technical")
DESIGN_BASELINE_CODE = {"basic": "TKCS", "technical": "TKKT"}
DESIGN_BASELINE_BY_CODE = {code: name for name, code in DESIGN_BASELINE_CODE.items()}
#: The figure column holding each design baseline's required area.
REQUIRED_COLUMN = {"basic": "required_ha_basic", "technical": "required_ha_technical"}

#: Disbursement plan baselines: centrally assigned ("kế hoạch vốn Trung ương giao") and locally
#: deployed ("kế hoạch địa phương triển khai", larger).
PLAN_BASELINES = ("central", "local")
#: How each is stored in ``disbursement_plans.plan_baseline``.
STORED_PLAN_BASELINE = {"central": "central_assigned", "local": "local_deployed"}
#: The figure column holding each plan's amount.
PLAN_COLUMN = {"central": "plan_central_vnd", "local": "plan_local_vnd"}
#: How files write the plan type (folded), to its stored value.
PLAN_BASELINE_SPELLINGS: dict[str, str] = {
    "central assigned": "central_assigned",
    "central_assigned": "central_assigned",
    "centrally assigned": "central_assigned",
    "tw giao": "central_assigned",
    "trung uong giao": "central_assigned",
    "ke hoach trung uong giao": "central_assigned",
    "kh tw giao": "central_assigned",
    "local deployed": "local_deployed",
    "locally deployed": "local_deployed",
    "local_deployed": "local_deployed",
    "dia phuong trien khai": "local_deployed",
    "ke hoach dia phuong trien khai": "local_deployed",
    "kh dia phuong": "local_deployed",
    "tinh giao": "local_deployed",
    "dia phuong": "local_deployed",
}

#: Kinds of weekly file a data officer uploads (each has a template).
FILE_KINDS = ("clearance", "disbursement", "status", "blockers")
#: Kinds of upload in the history: the files, the demo and project registrations.
UPLOAD_KINDS = (*FILE_KINDS, "demo", "projects", "alignment")

#: What holds clearance up (vướng mắc), a fixed list after the recurring causes of Vietnamese land
#: clearance; "other" needs a few words of its own. Stored values are the identifiers.
BLOCKER_CATEGORIES = (
    "compensation_price",  # households dispute the compensation price
    "land_origin",  # land origin or records unclear
    "households_not_agreeing",  # households do not agree to hand over
    "resettlement_not_ready",  # resettlement site not ready
    "graves",  # graves to relocate
    "forest_land",  # forest-land conversion not yet approved
    "utilities",  # power, water or telecom lines to relocate
    "complaints_lawsuits",  # complaints and lawsuits
    "funds_not_allocated",  # compensation funds not yet allocated
    "other",
)
OTHER_CATEGORY = "other"
#: How files write the categories (folded: lower case, no tone marks).
BLOCKER_CATEGORY_SPELLINGS: dict[str, str] = {
    **{c: c for c in BLOCKER_CATEGORIES},
    **{c.replace("_", " "): c for c in BLOCKER_CATEGORIES},
    "gia boi thuong": "compensation_price",
    "don gia boi thuong": "compensation_price",
    "nguon goc dat": "land_origin",
    "ho so dat dai": "land_origin",
    "nguon goc dat ho so": "land_origin",
    "ho dan chua dong thuan": "households_not_agreeing",
    "ho chua dong thuan": "households_not_agreeing",
    "chua dong thuan": "households_not_agreeing",
    "khu tai dinh cu": "resettlement_not_ready",
    "tai dinh cu chua san sang": "resettlement_not_ready",
    "tai dinh cu": "resettlement_not_ready",
    "di doi mo": "graves",
    "mo ma": "graves",
    "chuyen doi dat rung": "forest_land",
    "dat rung": "forest_land",
    "di doi ha tang ky thuat": "utilities",
    "ha tang ky thuat": "utilities",
    "dien nuoc vien thong": "utilities",
    "khieu nai khoi kien": "complaints_lawsuits",
    "khieu nai": "complaints_lawsuits",
    "chua bo tri von": "funds_not_allocated",
    "thieu von": "funds_not_allocated",
    "khac": "other",
}
#: Where a blocker stands. Open and in-progress blockers still hold clearance up.
BLOCKER_STATUSES = ("open", "in_progress", "resolved")
UNRESOLVED_STATUSES = ("open", "in_progress")
BLOCKER_STATUS_SPELLINGS: dict[str, str] = {
    **{s: s for s in BLOCKER_STATUSES},
    "in progress": "in_progress",
    "mo": "open",
    "chua xu ly": "open",
    "moi phat sinh": "open",
    "dang xu ly": "in_progress",
    "da xu ly": "resolved",
    "da giai quyet": "resolved",
    "hoan thanh": "resolved",
}
#: Who has the blocker in hand, lowest first (commune → province → ministry → government).
ESCALATION_LEVELS = ("commune", "province", "ministry", "government")
ESCALATION_SPELLINGS: dict[str, str] = {
    **{e: e for e in ESCALATION_LEVELS},
    "xa": "commune",
    "cap xa": "commune",
    "ubnd xa": "commune",
    "tinh": "province",
    "cap tinh": "province",
    "ubnd tinh": "province",
    "bo": "ministry",
    "bo nganh": "ministry",
    "cap bo": "ministry",
    "chinh phu": "government",
    "thu tuong": "government",
    "thu tuong chinh phu": "government",
}

#: A project's stage: the OC4IDS project statuses a board follows, with contractor selection
#: ("lựa chọn nhà thầu", OC4IDS's procurement step) between preparation and implementation.
PROJECT_STAGES = (
    "identification",
    "preparation",
    "procurement",
    "implementation",
    "completion",
    "cancelled",
)
#: Stages after which a project is no longer expected to finish: never "past its planned
#: completion".
CLOSED_STAGES = ("completion", "cancelled")
#: How status reports write the stage (folded: lower case, no tone marks), to its stored value.
PROJECT_STAGE_SPELLINGS: dict[str, str] = {
    "identification": "identification",
    "de xuat": "identification",
    "de xuat chu truong": "identification",
    "chu truong dau tu": "identification",
    "xac dinh du an": "identification",
    "preparation": "preparation",
    "chuan bi": "preparation",
    "chuan bi dau tu": "preparation",
    "chuan bi du an": "preparation",
    "procurement": "procurement",
    "contractor selection": "procurement",
    "lua chon nha thau": "procurement",
    "dang lua chon nha thau": "procurement",
    "dau thau": "procurement",
    "implementation": "implementation",
    "thuc hien": "implementation",
    "dang thuc hien": "implementation",
    "thi cong": "implementation",
    "dang thi cong": "implementation",
    "da khoi cong": "implementation",
    "completion": "completion",
    "completed": "completion",
    "hoan thanh": "completion",
    "da hoan thanh": "completion",
    "cancelled": "cancelled",
    "canceled": "cancelled",
    "huy": "cancelled",
    "da huy": "cancelled",
    "huy bo": "cancelled",
    "dung thuc hien": "cancelled",
}

#: Who may write: one or more provinces, or the whole country.
NATIONAL_SCOPE = "national"

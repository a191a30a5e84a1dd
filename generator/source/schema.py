"""The data file's schema: English identifiers, the Chinese keys finance officers write.

Every amount is in 元 and is a ``Decimal``. Only 项-level expenditure lines and 款-level economic
lines are entered; 类/款 rows, totals and every narrative figure are derived.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BeforeValidator, Field

from generator.source.types import Code, Date, ListBlock, Money, Numbering, Strict, Text

__all__ = ["Book", "ListBlock", "Numbering"]

ZERO = Decimal(0)


def _as_int(value: Any) -> Any:
    """Unquoted numbers arrive as their text; a Literal of ints needs the int."""
    return int(value) if isinstance(value, str) and value.isdigit() else value


Level = Literal["市级", "区级"]
Kind = Literal["单位预算", "部门预算", "绩效目标申报表"]


UnitNature = Literal["行政单位", "参公事业单位", "事业单位"]
# The natures 机关运行经费 covers: 行政单位 and 参照公务员法管理的事业单位.
RUNNING_COST_NATURES = ("行政单位", "参公事业单位")


class Body(Strict):
    """The publishing unit or department."""

    name: str = Field(alias="名称", min_length=1)
    code: Code | None = Field(None, alias="编码")
    table_name: str | None = Field(None, alias="表内名称")
    short_name: str | None = Field(None, alias="简称")
    supervisor: str | None = Field(None, alias="主管部门")
    nature: UnitNature | None = Field(None, alias="性质")


class Options(Strict):
    """Per-book layout choices that the seeds show varying between bureaus."""

    categories: Literal["全部", "非零"] = Field("全部", alias="总表支出类别")
    summary_split: bool = Field(True, alias="总表支出分列")
    decimals: Annotated[Literal[0, 2], BeforeValidator(_as_int)] = Field(2, alias="金额小数位")
    breakdown_level: Literal["类", "款", "项"] = Field("项", alias="支出说明层级")
    print_unit: Literal["元", "万元"] = Field(
        "元", alias="印刷单位",
        description="按印刷本录入（给出印刷合计）时，所抄印刷本的金额单位：万元印刷的表各行只精确到"
                    "百元，印刷合计与各行之和相差每行不超过50元即为四舍五入；不改变本书的印刷方式")
    narrative_decimals: Annotated[Literal[0, 1, 2], BeforeValidator(_as_int)] = Field(
        2, alias="说明金额小数位",
        description="说明文字中以万元表述的金额保留几位小数：0、1 或 2（默认 2，与公开模板一致）")
    growth_rate: bool = Field(
        True, alias="增减率",
        description="与上年比较时在增减额后写出增长率/下降率（如“增长3.25%”）；false 则只写增减额")
    table_notes: bool = Field(
        True, alias="表注",
        description="在表下印出说明：财务收支预算总表下的收支变动说明，以及无数据的表下的“故本表无数据”说明")


class Functions(Strict):
    lead: str = Field(alias="导语")
    items: list[str] = Field(default_factory=list, alias="条目")


class OrgUnit(Strict):
    """A unit of a department, with its nature: it counts the units in 机构设置 and scopes the
    机关运行经费 sentence (机关 and 参公事业单位)."""

    name: str = Field(alias="名称", min_length=1)
    nature: UnitNature | None = Field(
        None, alias="性质", description="行政单位、参公事业单位（参照公务员法管理）或事业单位")


class Organisation(Strict):
    """机构设置: the bureau's own words, or (a department without 说明) the standard sentence
    counting the units listed in 单位列表."""

    text: str | None = Field(None, alias="说明")
    units: list[str | OrgUnit] = Field(default_factory=list, alias="单位列表")


class Term(Strict):
    term: str = Field(alias="名称", min_length=1)
    definition: str = Field(alias="解释", min_length=1)


class Explanation(Strict):
    reason: str = Field(alias="变动原因", min_length=1)
    uses: dict[str, str] = Field(default_factory=dict, alias="科目说明")


class KindAmounts(Strict):
    """One funding source's amounts on a line, by kind of spending."""

    personnel: Money = Field(default=ZERO, alias="人员经费")
    public: Money = Field(default=ZERO, alias="公用经费")
    project: Money = Field(default=ZERO, alias="项目支出")
    basic: Money = Field(
        default=ZERO, alias="基本支出",
        description="不分人员经费、公用经费的基本支出（表中只印基本支出的市级口径）；"
                    "人员经费、公用经费由表8按经济分类列示")


class Sources(Strict):
    general: KindAmounts | None = Field(None, alias="一般公共预算")
    fund: KindAmounts | None = Field(None, alias="政府性基金")
    soe: KindAmounts | None = Field(None, alias="国有资本经营预算")
    business: KindAmounts | None = Field(None, alias="事业收入")
    operating: KindAmounts | None = Field(None, alias="事业单位经营收入")
    other: KindAmounts | None = Field(None, alias="其他收入")


# Funding sources and kinds of spending, in the order the books print them (the first three
# sources are 财政拨款).
SOURCES: tuple[str, ...] = tuple(Sources.model_fields)
KINDS: tuple[str, ...] = tuple(KindAmounts.model_fields)


class Line(Strict):
    """An expenditure line at 项 level. Short form: 人员经费/公用经费/项目支出 directly,
    meaning 一般公共预算 only; full form: 资金来源 by source."""

    code: Code = Field(alias="科目")
    name: str | None = Field(None, alias="名称")
    personnel: Money | None = Field(None, alias="人员经费")
    public: Money | None = Field(None, alias="公用经费")
    project: Money | None = Field(None, alias="项目支出")
    basic: Money | None = Field(None, alias="基本支出")
    sources: Sources | None = Field(None, alias="资金来源")


class EconLine(Strict):
    """A 一般公共预算 基本支出 line at 经济分类 款 level."""

    code: Code = Field(alias="科目")
    name: str | None = Field(None, alias="名称")
    personnel: Money = Field(default=ZERO, alias="人员经费")
    public: Money = Field(default=ZERO, alias="公用经费")


class ThreePublic(Strict):
    """"三公"经费: 因公出国(境)费, 公务接待费, 公务用车购置费, 公务用车运行费."""

    abroad: Money = Field(default=ZERO, alias="因公出国境费")
    reception: Money = Field(default=ZERO, alias="公务接待费")
    vehicle_purchase: Money = Field(default=ZERO, alias="公务用车购置费")
    vehicle_running: Money = Field(default=ZERO, alias="公务用车运行费")
    reception_use: str | None = Field(None, alias="公务接待费用途")


class Prior(Strict):
    """Prior-year budget figures, for every comparison the book states."""

    general: Money = Field(default=ZERO, alias="一般公共预算")
    fund: Money = Field(default=ZERO, alias="政府性基金")
    soe: Money = Field(default=ZERO, alias="国有资本经营预算")
    business: Money = Field(default=ZERO, alias="事业收入")
    operating: Money = Field(default=ZERO, alias="事业单位经营收入")
    other: Money = Field(default=ZERO, alias="其他收入")
    three_public: ThreePublic | None = Field(None, alias="三公经费")
    running_cost: Money | None = Field(None, alias="机关运行经费")
    # 财政拨款支出 by kind (optional): the book then states their changes (基本支出…比上年减少…)
    basic: Money | None = Field(None, alias="基本支出")
    project: Money | None = Field(None, alias="项目支出")
    personnel: Money | None = Field(None, alias="人员经费")
    public: Money | None = Field(None, alias="公用经费")

    def prior_basic(self) -> Decimal | None:
        """上年财政拨款基本支出: as stated, or 人员经费 + 公用经费 when both are given."""
        if self.basic is not None:
            return self.basic
        if self.personnel is not None and self.public is not None:
            return self.personnel + self.public
        return None


# The 上年预算 keys of 财政拨款支出 by kind, and the schema field of each.
PRIOR_KINDS = {"基本支出": "basic", "项目支出": "project", "人员经费": "personnel", "公用经费": "public"}


class Procurement(Strict):
    goods: Money = Field(default=ZERO, alias="货物")
    works: Money = Field(default=ZERO, alias="工程")
    services: Money = Field(default=ZERO, alias="服务")
    sme_reserved: Money | None = Field(None, alias="面向中小企业预留")
    small_micro: Money | None = Field(None, alias="其中小微企业")


class Performance(Strict):
    """绩效目标设置情况 as the bureau reports it; checked against the projects."""

    projects: int = Field(alias="项目数", ge=0)
    amount: Money = Field(alias="金额")
    overall: int | None = Field(None, alias="整体绩效目标数", ge=0)
    policies: int | None = Field(None, alias="政策绩效目标数", ge=0)
    policy_amount: Money | None = Field(None, alias="政策金额")


VEHICLE_KINDS = (
    "部级领导干部用车",
    "主要领导干部用车",
    "机要通信用车",
    "应急保障用车",
    "执法执勤用车",
    "特种专业技术用车",
    "离退休干部用车",
    "其他用车",
)


class Vehicles(Strict):
    ministerial: int = Field(0, alias="部级领导干部用车", ge=0)
    principal: int = Field(0, alias="主要领导干部用车", ge=0)
    confidential: int = Field(0, alias="机要通信用车", ge=0)
    emergency: int = Field(0, alias="应急保障用车", ge=0)
    enforcement: int = Field(0, alias="执法执勤用车", ge=0)
    special: int = Field(0, alias="特种专业技术用车", ge=0)
    retired: int = Field(0, alias="离退休干部用车", ge=0)
    other: int = Field(0, alias="其他用车", ge=0)

    def counts(self) -> tuple[int, ...]:
        return tuple(getattr(self, name) for name in type(self).model_fields)


class Assets(Strict):
    as_of: Date = Field(alias="截至日期")
    vehicles: Vehicles = Field(default_factory=Vehicles, alias="车辆")
    equipment: int = Field(0, alias="大型设备", ge=0)
    planned_vehicles: Vehicles = Field(default_factory=Vehicles, alias="计划购置车辆")
    planned_equipment: int = Field(0, alias="计划购置大型设备", ge=0)


class Period(Strict):
    start: Date = Field(alias="开始")
    end: Date = Field(alias="结束")


class BudgetItem(Strict):
    name: str = Field(alias="名称")
    amount: Money = Field(alias="金额")


class BudgetPlan(Strict):
    """年度预算安排 with figures: an optional lead sentence and the parts of the project amount."""

    text: str | None = Field(None, alias="说明")
    items: list[BudgetItem] = Field(default_factory=list, alias="明细")


class Indicator(Strict):
    name: str = Field(alias="名称", min_length=1)
    value: str = Field(alias="指标值", min_length=1)


Indicators = list[Indicator]


class CostIndicators(Strict):
    economic: Indicators = Field(default_factory=list, alias="经济成本指标")
    social: Indicators = Field(default_factory=list, alias="社会成本指标")
    ecological: Indicators = Field(default_factory=list, alias="生态环境成本指标")


class OutputIndicators(Strict):
    quantity: Indicators = Field(default_factory=list, alias="数量指标")
    quality: Indicators = Field(default_factory=list, alias="质量指标")
    timeliness: Indicators = Field(default_factory=list, alias="时效指标")


class EffectIndicators(Strict):
    economic: Indicators = Field(default_factory=list, alias="经济效益指标")
    social: Indicators = Field(default_factory=list, alias="社会效益指标")
    ecological: Indicators = Field(default_factory=list, alias="生态效益指标")
    sustainable: Indicators = Field(default_factory=list, alias="可持续影响指标")


class SatisfactionIndicators(Strict):
    service: Indicators = Field(default_factory=list, alias="服务对象满意度指标")


class IndicatorTree(Strict):
    """一级 → 二级 → 三级 indicators, in the order of the official form."""

    cost: CostIndicators = Field(default_factory=CostIndicators, alias="成本指标")
    output: OutputIndicators = Field(default_factory=OutputIndicators, alias="产出指标")
    effect: EffectIndicators = Field(default_factory=EffectIndicators, alias="效益指标")
    satisfaction: SatisfactionIndicators = Field(
        default_factory=SatisfactionIndicators, alias="满意度指标"
    )


class FormFunds(Strict):
    """项目资金 block of the form. Totals may be stated; they are checked against their parts."""

    total: Money | None = Field(None, alias="项目资金总额")
    fiscal: Money | None = Field(None, alias="财政资金")
    other: Money | None = Field(None, alias="其他资金")
    annual_total: Money | None = Field(None, alias="年度资金申请总额")
    annual_fiscal: Money | None = Field(None, alias="当年财政拨款")
    carried_over: Money | None = Field(None, alias="上年结转资金")
    annual_other: Money | None = Field(None, alias="年度其他资金")


class Form(Strict):
    """财政项目支出绩效目标申报表 of one project."""

    name: str | None = Field(None, alias="项目名称")
    nature: str = Field(alias="项目性质", min_length=1)
    category: str = Field(alias="项目类别", min_length=1)
    supervisor: str | None = Field(None, alias="主管部门")
    implementer: str | None = Field(None, alias="实施单位")
    start: Date | None = Field(None, alias="计划开始日期")
    end: Date | None = Field(None, alias="计划完成日期")
    funds: FormFunds = Field(default_factory=FormFunds, alias="项目资金")
    total_goal: Text | None = Field(None, alias="项目总目标")
    annual_goal: Text = Field(alias="年度总体目标")
    indicators: IndicatorTree = Field(alias="绩效指标")


class Project(Strict):
    """A project: its 项目经费情况说明 (seven parts) and its 绩效目标申报表."""

    name: str = Field(alias="名称", min_length=1)
    amount: Money | None = Field(None, alias="金额")
    code: Code | None = Field(None, alias="科目")
    implementer: Text | None = Field(None, alias="实施主体")
    overview: Text | None = Field(None, alias="项目概述")
    basis: Text | None = Field(None, alias="立项依据")
    plan: Text | None = Field(None, alias="实施方案")
    period: Period | None = Field(None, alias="实施周期")
    budget: BudgetPlan | str | None = Field(None, alias="年度预算安排")
    goals: Text | None = Field(None, alias="绩效目标")
    form: Form | None = Field(None, alias="绩效目标申报表")


class Edition(Strict):
    """版次: the first publication is 1; a correction names the data file it corrects."""

    number: int = Field(1, alias="版次", ge=1)
    date: Date = Field(alias="日期")
    reasons: list[str] = Field(default_factory=list, alias="更正原因")
    previous: str | None = Field(None, alias="上一版")


class Review(Strict):
    """「已核实」: a warning the bureau checked and found right (see :mod:`generator.checks.review`)."""

    code: str = Field(alias="代码", min_length=1)
    place: str | None = Field(None, alias="位置")
    reason: str = Field(alias="理由", min_length=1)


class DraftOf(Strict):
    """草稿: a next-year draft (``budgetgen next-year``) whose carried-over figures are not all
    updated or confirmed yet. Each figure still equal to the one at the same place in 「来自」
    is a notice until it changes or a path in 「已确认」 covers it; the book is printed marked
    草稿 until the block is deleted."""

    source: str = Field(alias="来自", min_length=1)
    confirmed: list[str] = Field(default_factory=list, alias="已确认")


class Book(Strict):
    """One book: a 单位预算 or 部门预算 for one year, or a forms-only 绩效目标申报表 document."""

    year: int = Field(alias="预算年度", ge=2000, le=2100)
    region: str = Field(alias="地区", min_length=1)
    level: Level = Field(alias="级次")
    kind: Kind = Field(alias="类型")
    body: Body = Field(alias="单位")
    edition: Edition | None = Field(None, alias="版本")
    draft: DraftOf | None = Field(None, alias="草稿")
    units: list[str] = Field(default_factory=list, alias="合并单位")
    options: Options = Field(default_factory=Options, alias="选项")
    functions: Functions | None = Field(None, alias="主要职能")
    organisation: Organisation | None = Field(None, alias="机构设置")
    glossary: list[Term] = Field(default_factory=list, alias="名词解释")
    explanation: Explanation | None = Field(None, alias="预算编制说明")
    prior: Prior | None = Field(None, alias="上年预算")
    lines: list[Line] = Field(default_factory=list, alias="支出明细")
    economic: list[EconLine] = Field(default_factory=list, alias="基本支出经济分类")
    # names of 类/款 codes the catalog lacks (function 2xx, economic 3xx), e.g. {"20808": 抚恤}
    code_names: dict[Code, Annotated[str, Field(min_length=1)]] = Field(
        default_factory=dict, alias="科目名称")
    three_public: ThreePublic | None = Field(None, alias="三公经费")
    running_cost: Money | None = Field(None, alias="机关运行经费")
    procurement: Procurement | None = Field(None, alias="政府采购")
    performance: Performance | None = Field(None, alias="绩效目标")
    assets: Assets | None = Field(None, alias="国有资产")
    projects: list[Project] = Field(default_factory=list, alias="项目")
    printed: dict[str, dict[str, Money]] | None = Field(
        None, alias="印刷合计",
        description="按印刷本录入时（各行为印刷数），印刷本上与各行之和不同的合计数："
                    "键为行（合计、类/款编码、表8的经济分类类编码），值为 栏名: 金额")
    reviewed: list[Review] = Field(default_factory=list, alias="已核实")

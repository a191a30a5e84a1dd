"""Writes the test 部门预算 of a 区级 department rolled up from 12 unit books (``minhang/``):
上海市闵行区财政局 with its 本部, nine 参公事业单位 and two 事业单位, 20 projects, unit and
project names of 40 characters. Modelled on the shape of Shanghai 区级 department books; the
units, names and figures are invented (seeded, so the files are reproducible).

Each unit book balances on its own: 表8 equals the lines' 一般公共预算 基本支出, projects sum to
each line's 项目支出, "三公" match economic lines 30217/30231, 机关运行经费 equals 公用经费 for
行政/参公 units. Run from the repository root: ``python3 tests/data/shapes/make_minhang.py``.
"""

from __future__ import annotations

import random
from decimal import Decimal
from pathlib import Path

OUT = Path(__file__).resolve().parent / "minhang"
DEPARTMENT = "上海市闵行区财政局"
FEN = Decimal("0.01")

# (file, name, nature, number of projects)
UNITS: list[tuple[str, str, str, int]] = [
    ("u01-benbu", DEPARTMENT, "行政单位", 4),
    ("u02-pingshen", "上海市闵行区财政局所属区级预算绩效评价和财政投资项目评审服务中心（财政信息中心）", "参公事业单位", 2),
    ("u03-guoku", "上海市闵行区财政局所属区级国库集中收付和非税收入征收管理事务中心（会计核算中心）", "参公事业单位", 2),
    ("u04-caigou", "上海市闵行区政府采购中心", "参公事业单位", 2),
    ("u05-xinzhuang", "上海市闵行区莘庄镇财政管理所", "参公事业单位", 2),
    ("u06-qibao", "上海市闵行区七宝镇财政管理所", "参公事业单位", 2),
    ("u07-pujiang", "上海市闵行区浦江镇财政管理所", "参公事业单位", 1),
    ("u08-huacao", "上海市闵行区华漕镇财政管理所", "参公事业单位", 1),
    ("u09-maqiao", "上海市闵行区马桥镇财政管理所", "参公事业单位", 1),
    ("u10-jiangchuan", "上海市闵行区江川路街道财政管理所", "参公事业单位", 1),
    ("u11-kuaiji", "上海市闵行区财政局所属街镇财政管理和政府采购集中代理事务服务中心（第一分中心站）", "事业单位", 1),
    ("u12-peixun", "上海市闵行区会计人员继续教育和财会监督服务中心", "事业单位", 1),
]

PROJECT_NAMES = [  # in the order of UNITS and their project counts
    "闵行区政府采购电子交易平台及财政预算管理一体化系统运维保障和安全等级保护测评项目",
    "区级行政事业单位国有资产清查核实及资产管理信息系统基础数据质量核查委托服务项目",
    "财政预决算公开检查及政府财务报告编制",
    "行政事业单位内部控制报告审核及财会监督专项检查委托服务",
    "区级预算绩效评价及重点项目事前绩效评估委托第三方机构服务",
    "财政投资建设项目预（结）算评审及工程造价咨询委托服务",
    "财政票据电子化管理及非税收入收缴系统维护",
    "国库集中支付动态监控及银行代理业务考核",
    "政府采购评审专家培训及采购文件范本编制",
    "政府采购项目集中代理及场地运维",
    "莘庄镇村级集体经济组织财务审计",
    "莘庄镇财政资金绩效跟踪监控",
    "七宝镇政府投资项目结算审价",
    "七宝镇财政资产清查及账务整理",
    "浦江镇村级财务代理记账服务",
    "华漕镇政府性债务风险监测",
    "马桥镇财政专项资金监督检查",
    "江川路街道财务共享服务",
    "闵行区街镇财政管理所会计集中核算和财政资金监管服务项目（含村级财务代理记账服务）",
    "会计人员继续教育网络课程开发及会计信用档案管理",
]

PERSONNEL_ECON = ["30101", "30102", "30103", "30107", "30108", "30109", "30110", "30113"]
PUBLIC_ECON = ["30201", "30205", "30206", "30207", "30209", "30211", "30213", "30216", "30228",
               "30229"]


def money(fen: int) -> Decimal:
    return (Decimal(fen) * FEN).quantize(FEN)


def split(rng: random.Random, total: int, parts: int) -> list[int]:
    """``total`` fen in ``parts`` positive shares."""
    cuts = sorted(rng.sample(range(1, total), parts - 1))
    return [b - a for a, b in zip([0, *cuts], [*cuts, total], strict=True)]


def q(text: str) -> str:
    return f'"{text}"'


def unit_file(index: int, rng: random.Random, projects: list[str]) -> str:
    stem, name, nature, _ = UNITS[index]
    admin = nature != "事业单位"
    wage = rng.randint(180_000_000, 900_000_000)          # fen: 1.8–9 million yuan
    public = rng.randint(30_000_000, 120_000_000)
    pension = wage * 16 // 100
    annuity = wage * 8 // 100
    medical = wage * 10 // 100
    housing = wage * 7 // 100
    housing_subsidy = wage * 3 // 100
    retired = rng.randint(2_000_000, 12_000_000) if index % 3 == 0 else 0
    amounts = [rng.randint(20_000_000, 400_000_000) for _ in projects]
    if index == 0:
        amounts[0] = 1_234_567_800   # the 40-character platform project: 12,345,678.00
    running = "2010601" if admin else "2010699"
    project_code = "2010602" if index == 0 else "2010608"
    lines: list[str] = []
    if admin:
        lines.append(f"  - {{科目: \"2010601\", 人员经费: {money(wage)}, 公用经费: {money(public)}}}")
    else:
        income = rng.randint(5_000_000, 30_000_000)
        lines += [
            f"  - 科目: \"{running}\"",
            "    资金来源:",
            f"      一般公共预算: {{人员经费: {money(wage)}, 公用经费: {money(public)}}}",
            f"      事业收入: {{公用经费: {money(income)}}}",
        ]
    if index == 0:
        lines.append(f"  - {{科目: \"2010602\", 项目支出: {money(sum(amounts[2:4]))}}}")
        lines.append(f"  - {{科目: \"2010607\", 项目支出: {money(amounts[0] + amounts[1])}}}")
    else:
        lines.append(f"  - {{科目: \"{project_code}\", 项目支出: {money(sum(amounts))}}}")
    if retired:
        code = "2080501" if admin else "2080502"
        lines.append(f"  - {{科目: \"{code}\", 人员经费: {money(retired)}}}")
    lines += [
        f"  - {{科目: \"2080505\", 人员经费: {money(pension)}}}",
        f"  - {{科目: \"2080506\", 人员经费: {money(annuity)}}}",
        f"  - {{科目: \"{'2101101' if admin else '2101102'}\", 人员经费: {money(medical)}}}",
        f"  - {{科目: \"2210201\", 人员经费: {money(housing)}}}",
        f"  - {{科目: \"2210203\", 人员经费: {money(housing_subsidy)}}}",
    ]
    personnel_total = wage + retired + pension + annuity + medical + housing + housing_subsidy
    reception = rng.choice([0, 500_000, 1_200_000]) if admin else 0
    car = 8_600_000 if index == 0 else 0
    fixed_public = {"30217": reception, "30231": car}
    econ_personnel = dict(zip(PERSONNEL_ECON[:3], split(rng, wage, 3), strict=True))
    econ_personnel.update({"30108": pension, "30109": annuity, "30110": medical,
                           "30113": housing})
    econ_public = dict(zip(PUBLIC_ECON,
                           split(rng, public - reception - car, len(PUBLIC_ECON)), strict=True))
    econ_public.update({k: v for k, v in fixed_public.items() if v})
    econ: list[str] = []
    for code in sorted(econ_personnel):
        econ.append(f"  - {{科目: \"{code}\", 人员经费: {money(econ_personnel[code])}}}")
    for code in sorted(econ_public):
        econ.append(f"  - {{科目: \"{code}\", 公用经费: {money(econ_public[code])}}}")
    if retired:
        econ.append(f"  - {{科目: \"30302\", 人员经费: {money(retired)}}}")
    econ.append(f"  - {{科目: \"30305\", 人员经费: {money(housing_subsidy)}}}")
    assert sum(econ_personnel.values()) + retired + housing_subsidy == personnel_total
    general = personnel_total + public + sum(amounts)
    prior_general = general * rng.randint(90, 110) // 100
    uses = {running: "人员经费和日常公用经费" if admin else "事业单位人员经费和日常运转",
            "2080505": "单位缴纳职工基本养老保险", "2080506": "单位缴纳职工职业年金",
            "2210201": "为职工缴纳住房公积金", "2210203": "发放职工购房补贴",
            "2101101" if admin else "2101102": "单位缴纳职工基本医疗保险"}
    if index == 0:
        uses.update({"2010602": "财政管理和监督检查委托服务", "2010607": "财政信息系统运维和建设"})
    else:
        uses[project_code] = "财政委托业务"
    if retired:
        uses["2080501" if admin else "2080502"] = "离退休人员支出"
    project_blocks: list[str] = []
    for project, amount in zip(projects, amounts, strict=True):
        code = project_code
        if index == 0:
            code = "2010607" if project in (projects[0], projects[1]) else "2010602"
        first = amount * 6 // 10
        project_blocks += [
            f"  - 名称: {project}",
            f"    金额: {money(amount)}",
            f"    科目: \"{code}\"",
            f"    项目概述: 为做好{project}相关工作，保障财政管理各项任务落实，安排本项目。",
            "    立项依据: 根据《中华人民共和国预算法》和本区财政管理有关规定。",
            "    实施方案: 按照政府采购有关规定确定服务单位，按合同约定分阶段实施并验收。",
            "    实施周期: {开始: \"2025-01-01\", 结束: \"2025-12-31\"}",
            "    年度预算安排:",
            "      说明: 根据工作量测算，",
            "      明细:",
            f"        - {{名称: 服务费, 金额: {money(first)}}}",
            f"        - {{名称: 其他费用, 金额: {money(amount - first)}}}",
            f"    绩效目标: 按期完成{project}，服务对象满意度不低于90%。",
        ]
    vehicles = "{执法执勤用车: 0, 其他用车: 3}" if index == 0 else "{}"
    three_prior = f"{{公务接待费: {money(reception + 100_000)}, 公务用车运行费: {money(car)}}}"
    running_cost = f"机关运行经费: {money(public)}\n" if admin else ""
    running_prior = f"  机关运行经费: {money(public * 105 // 100)}\n" if admin else ""
    goods = rng.randint(1, 40) * 1_000_000
    uses_text = "\n".join(f"    {q(k)}: {v}" for k, v in sorted(uses.items()))
    return f"""# 测试书 2 的组成单位 {index + 1}/12（由 make_minhang.py 生成，请勿手改）
预算年度: 2025
地区: 上海市闵行区
级次: 区级
类型: 单位预算
单位:
  名称: {name}
  编码: "{230001 + index}"
主要职能:
  导语: {name}是{DEPARTMENT}所属{nature if index else "区政府工作部门"}，负责本区相关财政管理工作。
机构设置:
  说明: {name}设综合科、业务科2个内设机构。
预算编制说明:
  变动原因: 按照过紧日子要求压减一般性支出
  科目说明:
{uses_text}
上年预算:
  一般公共预算: {money(prior_general)}
  三公经费: {three_prior}
{running_prior}支出明细:
{chr(10).join(lines)}
基本支出经济分类:
{chr(10).join(econ)}
三公经费: {{公务接待费: {money(reception)}, 公务用车运行费: {money(car)}}}
{running_cost}政府采购: {{货物: {money(goods)}, 服务: {money(sum(amounts) // 2)}, 面向中小企业预留: {money(goods // 2)}}}
绩效目标: {{项目数: {len(projects)}, 金额: {money(sum(amounts))}}}
国有资产:
  截至日期: "2024-12-31"
  车辆: {vehicles}
项目:
{chr(10).join(project_blocks)}
"""


def department_file() -> str:
    units = "\n".join(f"  - minhang/{stem}.yaml" for stem, *_ in UNITS)
    listed = "\n".join(
        f"    - {{名称: {name + '本部' if i == 0 else name}, 性质: {nature}}}"
        for i, (_, name, nature, _) in enumerate(UNITS))
    return f"""# 测试书 2：区级部门预算，由 12 家单位的单位预算「合并单位」汇总（make_minhang.py 生成）。
# 20 个项目；单位名称、项目名称最长 40 字。单位和金额为虚构。
预算年度: 2025
地区: 上海市闵行区
级次: 区级
类型: 部门预算
单位:
  名称: {DEPARTMENT}
  编码: "230"
选项:
  总表支出类别: 非零
  支出说明层级: 款
合并单位:
{units}
主要职能:
  导语: {DEPARTMENT}是主管本区财政收支、财税政策、国有资产管理等工作的区政府工作部门。
  条目:
    - 贯彻执行国家和本市财政、税收方针政策，拟订本区财政发展规划和政策措施。
    - 负责编制区级年度预决算草案并组织执行，负责政府采购和国库集中收付管理。
机构设置:
  单位列表:
{listed}
预算编制说明:
  变动原因: 按照过紧日子要求压减一般性支出
  科目说明:
    "20106": 部门日常运转、财政管理委托业务、财政信息化建设等支出
    "20805": 基本养老保险和职业年金缴费及离退休人员支出
    "21011": 为在职人员缴纳基本医疗保险费的支出
    "22102": 为在职人员缴纳住房公积金和购房补贴的支出
"""


def main() -> None:
    rng = random.Random(2025)
    OUT.mkdir(exist_ok=True)
    names = iter(PROJECT_NAMES)
    for index, (stem, *_rest, count) in enumerate(UNITS):
        projects = [next(names) for _ in range(count)]
        (OUT / f"{stem}.yaml").write_text(unit_file(index, rng, projects), encoding="utf-8")
    (OUT.parent / "minhang-caizheng-2025.yaml").write_text(department_file(), encoding="utf-8")


if __name__ == "__main__":
    assert max(len(name) for _, name, _, _ in UNITS) == 40
    assert max(len(name) for name in PROJECT_NAMES) == 40
    assert sum(count for *_, count in UNITS) == len(PROJECT_NAMES) == 20
    main()

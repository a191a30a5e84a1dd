"""From the parts read back to the values of a data file (key order = book order).

Every figure is taken from the tables (in 元, exactly as printed); the narrative supplies only
what the tables do not carry: prior-year figures, free texts, 政府采购, 绩效目标, 国有资产."""

from __future__ import annotations

import re
from collections import Counter
from decimal import Decimal
from typing import Any

from generator.catalogs import for_year, normalise_name
from generator.source.importers.book import forms, narrative, projects
from generator.source.importers.book.pages import Block
from generator.source.importers.book.structure import Parts, compiled_year, squeeze
from generator.source.importers.book.tables import Table

ZERO = Decimal(0)
WAN = Decimal(10000)
CENT = Decimal("0.01")


def _get(table: Table | None, key: str, column: str) -> Decimal:
    row = table.row(key) if table else None
    return row.amounts.get(column, ZERO) if row else ZERO


def _in_wan(value: Decimal) -> Decimal:
    return (value / WAN).quantize(CENT, "ROUND_HALF_UP")


def header(parts: Parts, tables: dict[str, Table], explanation: dict[str, Any]) -> dict[str, Any]:
    cover = narrative.cover(parts.cover)
    data: dict[str, Any] = {}
    for key in ("预算年度", "地区", "级次", "类型"):
        if cover.get(key):
            data[key] = cover[key]
    compiler = next((t.compiler for t in tables.values() if t.compiler), "")
    match = re.match(r"^(\d+)?(.*)$", compiler)
    if "预算年度" not in data:  # no cover: the year the table titles name
        year = next((re.match(r"^\D{0,6}(\d{4})年", squeeze(b.text)) for b in parts.titles.values()
                     if re.match(r"^\D{0,6}\d{4}年", squeeze(b.text))), None)
        if year:
            data["预算年度"] = int(year[1])
        else:  # nor do they: the year a 编制日期 line implies
            compiled = compiled_year(parts.cover + [b for kept in (
                *parts.tables.values(), *parts.sections.values()) for b in kept])
            if compiled is not None:
                data["预算年度"] = compiled
    body: dict[str, Any] = {"名称": cover.get("名称") or (match[2] if match else "")}
    if "地区" not in data:
        data.update(_place_of(body["名称"], [squeeze(b.text) for b in parts.titles.values()]))
    if match and match[1]:
        body["编码"] = match[1]
    if match and match[2] and match[2] != body["名称"]:
        body["表内名称"] = match[2]
    first = next((b.text for b in parts.sections.get("explanation", [])), "")
    short = re.match(r"^\d{4}年[，,](.+?)收入预算", squeeze(first))
    if short and short[1] != body.get("表内名称", body["名称"]):
        body["简称"] = short[1]
    data["单位"] = body
    return data


def _place_of(name: str, titles: list[str]) -> dict[str, Any]:
    """地区, 级次 and 类型 of a book without a cover: from the unit's name (上海市松江区… is
    区级) and the table titles (预算单位… is a 单位预算, 部门… a 部门预算)."""
    out: dict[str, Any] = {}
    match = re.match(r"^(.{2,8}?(?:省|自治区|市))?(.{1,8}?(?:新区|区|县|旗))?", name)
    if match and (match[1] or match[2]):
        out["地区"] = (match[1] or "") + (match[2] or "")
        out["级次"] = "区级" if match[2] else "市级"
    words = "".join(titles)
    if "部门" in words or "单位" in words:
        out["类型"] = "部门预算" if "部门" in words and "预算单位" not in words else "单位预算"
    return out


def _categories(tables: dict[str, Table]) -> str:
    """全部 when 表1 prints the template's whole list of categories, 非零 when only those with
    figures (numbered again from 一): told by the highest number printed against the 类 that
    have figures (another table's 类 rows), whatever a narrow cell did to the names."""
    t1 = tables.get("表1")
    spent = {r.key for table_id in ("表2", "表3", "表5")
             for r in (tables[table_id].rows if table_id in tables else [])
             if len(r.key) == 3 and r.key.isdigit()}
    if t1 is None or not t1.numbered or not spent:
        listed = [r for r in t1.rows if r.key != "支出总计" and not r.key.startswith("收入")] \
            if t1 else []
        return "全部" if any(not r.amounts.get("合计") for r in listed) else "非零"
    # (the income side numbers its four kinds 一 to 四)
    return "全部" if t1.numbered > max(len(spent), 4) else "非零"


def options(tables: dict[str, Table], uses_level: str | None) -> dict[str, Any]:
    t1 = tables.get("表1")
    out: dict[str, Any] = {}
    if t1:
        out["总表支出类别"] = _categories(tables)
        out["总表支出分列"] = "人员经费" in t1.labels or "基本支出" in t1.labels
    decimals = set().union(*(t.decimals for k, t in tables.items() if k != "表9"))
    out["金额小数位"] = 2 if 2 in decimals or not decimals else 0
    if uses_level:
        out["支出说明层级"] = uses_level
    return out


def lines(tables: dict[str, Table], year: int | None) -> list[dict[str, Any]]:
    """支出明细 at 项 level: sources from 表2 and 表5–表7, kinds from 表3 and 表5–表7, the
    公用经费 of 表8 spread over the 基本支出 of the lines (行政运行 first; per 类 as 表1 splits it)."""
    t2, t3 = tables.get("表2"), tables.get("表3")
    funds = {"一般公共预算": tables.get("表5"), "政府性基金": tables.get("表6"),
             "国有资本经营预算": tables.get("表7")}
    names: dict[str, str] = {}
    overleaf: dict[str, str] = {}
    codes: list[str] = []
    for table in (t2, t3, *funds.values()):
        for row in table.rows if table else []:
            if len(row.key) == 7 and row.key.isdigit() and row.key not in codes:
                codes.append(row.key)
            if row.name and row.key.isdigit():
                names.setdefault(row.key, row.name)
                overleaf.setdefault(row.key, row.overleaf)
    codes.sort()
    by_code: dict[str, dict[str, dict[str, Decimal]]] = {}
    for code in codes:
        sources: dict[str, dict[str, Decimal]] = {}
        basic = project = ZERO
        for source, table in funds.items():
            b, p = _get(table, code, "基本支出"), _get(table, code, "项目支出")
            if b or p:
                sources[source] = {"基本": b, "项目": p}
                basic, project = basic + b, project + p
        rest_basic = _get(t3, code, "基本支出") - basic
        rest_project = _get(t3, code, "项目支出") - project
        for source in ("事业收入", "事业单位经营收入", "其他收入"):
            amount = _get(t2, code, source)
            if not amount:
                continue
            b = min(amount, max(rest_basic, ZERO))
            sources[source] = {"基本": b, "项目": amount - b}
            rest_basic -= b
            rest_project -= amount - b
        by_code[code] = sources
    public = _spread_public(tables, by_code)
    t1 = tables.get("表1")
    unsplit = t1 is not None and "基本支出" in t1.labels and "人员经费" not in t1.labels
    public.update(_spread_other_public(tables, by_code, public))
    catalog = for_year(year).function if year else None
    out: list[dict[str, Any]] = []
    for code in codes:
        sources = by_code[code]
        entry: dict[str, Any] = {"科目": code}
        known = normalise_name(catalog.name(code) or "") if catalog is not None else ""
        read = normalise_name(names.get(code) or "")
        if overleaf.get(code) and catalog is not None and known != read:
            # a row that broke across a page: the text overleaf ends its name, unless the
            # name read is the catalog's whole name (then that text begins the next row's)
            names[code] += overleaf[code]
            read = normalise_name(names[code])
        # (a name whose cell wrapped and whose end was lost, the catalog's name begins with it)
        if read and catalog is not None and known != read and not (
                len(read) >= 4 and known.startswith(read)):
            entry["名称"] = names[code]
        kinds = {}
        for source, amounts in sources.items():
            pub = public.get((code, source), ZERO)
            split: list[tuple[str, Decimal]] = [("人员经费", amounts["基本"] - pub), ("公用经费", pub)]
            if unsplit:  # 表1 prints 基本支出 whole: the lines do not split it
                split = [("基本支出", amounts["基本"])]
            kinds[source] = {k: v for k, v in (*split, ("项目支出", amounts["项目"])) if v}
        if set(kinds) <= {"一般公共预算"}:
            entry.update(kinds.get("一般公共预算", {}))
        else:
            entry["资金来源"] = kinds
        out.append(entry)
    return out


def _spread_public(tables: dict[str, Table], by_code: dict[str, dict[str, dict[str, Decimal]]]
                   ) -> dict[tuple[str, str], Decimal]:
    t1, t8 = tables.get("表1"), tables.get("表8")
    total = _get(t8, "合计", "公用经费")
    if not total:
        return {}
    names = {r.key: r.name for t in tables.values() for r in t.rows}
    groups: list[tuple[list[str], Decimal]] = []
    if t1 and "公用经费" in t1.labels:
        cat_names = {normalise_name(r.key): r.amounts.get("公用经费", ZERO) for r in t1.rows}
        for cls in sorted({c[:3] for c in by_code}):
            wanted = cat_names.get(normalise_name(names.get(cls, "")), ZERO)
            if wanted:
                groups.append(([c for c in by_code if c.startswith(cls)], wanted))
    if not groups or sum(w for _, w in groups) != total:
        groups = [(list(by_code), total)]
    out: dict[tuple[str, str], Decimal] = {}
    for codes, wanted in groups:
        order = sorted(codes, key=lambda c: (not re.search("运行|机关服务", names.get(c, "")),
                                            -by_code[c].get("一般公共预算", {}).get("基本", ZERO)))
        for code in order:
            basic = by_code[code].get("一般公共预算", {}).get("基本", ZERO)
            take = min(basic, wanted)
            if take:
                out[(code, "一般公共预算")] = take
                wanted -= take
    return out


def _spread_other_public(tables: dict[str, Table], by_code: dict[str, dict[str, dict[str, Decimal]]],
                         public: dict[tuple[str, str], Decimal]) -> dict[tuple[str, str], Decimal]:
    """The 公用经费 表1 shows for a 类 beyond what 表8 (一般公共预算 only) gives it: paid from
    the other sources' 基本支出 of the 类's lines (行政运行 first)."""
    t1 = tables.get("表1")
    if not t1 or "公用经费" not in t1.labels:
        return {}
    names = {r.key: r.name for t in tables.values() for r in t.rows}
    wanted_by_name = {normalise_name(r.key): r.amounts.get("公用经费", ZERO) for r in t1.rows}
    t3 = tables.get("表3")
    classes = sorted({c[:3] for c in by_code})
    wants: dict[str, Decimal | None] = {}
    for cls in classes:
        wanted = wanted_by_name.get(normalise_name(names.get(cls, "")))
        if wanted is None:  # the category's name not read whole: its row by its 合计
            total = t3.row(cls) if t3 is not None else None
            same = [r for r in t1.rows if total is not None and r.amounts.get("合计")
                    and r.amounts.get("合计") == total.amounts.get("合计")]
            wanted = same[0].amounts.get("公用经费", ZERO) if len(same) == 1 else None
        wants[cls] = wanted
    for cls in classes:  # a category paid from 一般公共预算 alone shows what 表8 gives it
        if wants[cls] is None and not any(
                source != "一般公共预算" and amounts["基本"] for code in by_code
                if code.startswith(cls) for source, amounts in by_code[code].items()):
            wants[cls] = sum((v for (c, _), v in public.items() if c.startswith(cls)), ZERO)
    unread = [cls for cls, wanted in wants.items() if wanted is None]
    spent = t1.row("支出总计")
    if len(unread) == 1 and spent is not None:  # the one category not read: what the total leaves
        wants[unread[0]] = spent.amounts.get("公用经费", ZERO) - sum(
            (w for w in wants.values() if w is not None), ZERO)
    out: dict[tuple[str, str], Decimal] = {}
    for cls in classes:
        codes = [c for c in by_code if c.startswith(cls)]
        wanted = wants[cls] or ZERO
        wanted -= sum((v for (c, _), v in public.items() if c in codes), start=ZERO)
        order = sorted(codes, key=lambda c: not re.search("运行|机关服务", names.get(c, "")))
        for code in order:
            for source, amounts in by_code[code].items():
                if source == "一般公共预算" or wanted <= 0:
                    continue
                take = min(amounts["基本"], wanted)
                if take > 0:
                    out[(code, source)] = take
                    wanted -= take
    return out


def code_names(printed: dict[str, Table], year: object) -> dict[str, str]:
    """Names of the 类 and 款 rows whose codes the year's catalog lacks (a 项's name travels
    with its line)."""
    from generator.source.importers.book.tables import KIND

    if not isinstance(year, int):
        return {}
    catalogs = for_year(year)
    out: dict[str, str] = {}
    for table_id, table in sorted(printed.items()):
        catalog = catalogs.economic if table_id == "表8" else catalogs.function
        if table_id not in KIND:
            continue
        for row in table.rows:
            if (len(row.key) in (3, 5) and row.key.isdigit() and row.name
                    and catalog.name(row.key) is None):
                out.setdefault(row.key, row.name)
    return out


def economic(tables: dict[str, Table]) -> list[dict[str, Any]]:
    t8 = tables.get("表8")
    out = []
    for row in t8.rows if t8 else []:
        if len(row.key) == 5 and row.key.isdigit():
            entry: dict[str, Any] = {"科目": row.key}
            for column in ("人员经费", "公用经费"):
                if row.amounts.get(column):
                    entry[column] = row.amounts[column]
            out.append(entry)
    return out


THREE_PUBLIC = (("因公出国境费", "因公出国(境)费", "30212"), ("公务接待费", "公务接待费", "30217"),
                ("公务用车购置费", "购置费", "31013"), ("公务用车运行费", "运行费", "30231"))


def three_public(tables: dict[str, Table]) -> tuple[dict[str, Any], Any]:
    """三公经费 and 机关运行经费 in 元: 表9's 万元 figure, made exact by 表8 where they agree."""
    t9, t8 = tables.get("表9"), tables.get("表8")
    row = t9.rows[0] if t9 and t9.rows else None
    if row is None:
        return {}, None
    out: dict[str, Any] = {}
    for key, column, econ in THREE_PUBLIC:
        value = row.amounts.get(column, ZERO)
        exact = _get(t8, econ, "合计")
        if value:
            out[key] = exact if exact and _in_wan(exact) == value else f"{value}万"
    running = row.amounts.get("机关运行经费预算数", ZERO)
    public = _get(t8, "合计", "公用经费")
    running_value: Any = None
    if public and _in_wan(public) == running:
        running_value = public
    elif running:
        running_value = f"{running}万"
    return out, running_value


def uses(explanation: dict[str, Any], tables: dict[str, Table]) -> tuple[dict[str, str], str | None]:
    """科目说明 by code (names matched to the rows of 表5, else 表2/表3) and the level listed."""
    rows: dict[str, list[str]] = {}
    for table_id in ("表3", "表2", "表5"):
        for row in tables[table_id].rows if table_id in tables else []:
            if row.name and row.key.isdigit():
                codes = rows.setdefault(normalise_name(row.name), [])
                codes += [row.key] if row.key not in codes else []
    # a name under several codes (a 款 and its one 项 "其他科学技术支出"): the code at the level
    # the other items are listed at
    levels = Counter(len(codes[0]) for name, *_ in explanation["uses"]
                     if len(codes := rows.get(normalise_name(name), [])) == 1)
    usual = levels.most_common(1)[0][0] if levels else 7
    out: dict[str, str] = {}
    level = None
    for name, _amount, use, _block in explanation["uses"]:
        codes = rows.get(normalise_name(name), [])
        if not codes:
            continue
        code = next((c for c in codes if len(c) == usual), codes[-1])
        level = {3: "类", 5: "款", 7: "项"}[len(code)]
        if use:
            out[code] = use
    return out, level


def prior(explanation: dict[str, Any], other: dict[str, Any], tables: dict[str, Table],
          tp: dict[str, Any], running: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    comparisons = explanation["comparisons"]
    current = {"一般公共预算": _get(tables.get("表5"), "合计", "合计"),
               "政府性基金": _get(tables.get("表6"), "合计", "合计"),
               "国有资本经营预算": _get(tables.get("表7"), "合计", "合计")}
    only_general = not current["政府性基金"] and not current["国有资本经营预算"]
    if (only_general and "财政拨款" in comparisons and "%" in comparisons["财政拨款"][0]
            and "%" not in comparisons.get("一般公共预算", ("",))[0]):
        comparisons = {**comparisons, "一般公共预算": comparisons["财政拨款"]}
    for key in ("一般公共预算", "政府性基金", "国有资本经营预算"):
        if key in comparisons:
            value = narrative.change(comparisons[key][0], current[key])
            if value:
                out[key] = value
    if "一般公共预算" not in out and "财政拨款" in comparisons:
        value = narrative.change(comparisons["财政拨款"][0], sum(current.values(), ZERO))
        if value:
            out["一般公共预算"] = value - out.get("政府性基金", ZERO) - out.get("国有资本经营预算", ZERO)
    changes = other["three_public_changes"]
    tp_prior: dict[str, Any] = {}
    for key, _column, _econ in THREE_PUBLIC:
        if key in changes:
            now = tp.get(key, ZERO)
            now = now if isinstance(now, Decimal) else Decimal(str(now).rstrip("万")) * WAN
            value = narrative.change(changes[key][1], now)
            if value:
                tp_prior[key] = value
    if changes:
        out["三公经费"] = tp_prior
    if "running_cost" in other and running is not None:
        now = running if isinstance(running, Decimal) else Decimal(str(running).rstrip("万")) * WAN
        value = narrative.change(other["running_cost"][1], now)
        if value is not None and other["running_cost"][1].strip("，,。"):
            out["机关运行经费"] = value
    return out


def build(parts: Parts, tables: dict[str, Table]) -> dict[str, Any]:
    """The data file's values, in book order."""
    explanation = narrative.explanation(parts.sections.get("explanation", []))
    data = header(parts, tables, explanation)
    tail = parts.sections.get("other", []) + parts.sections.get("projects", [])
    read = projects.read_projects(tail)
    form_rows = forms.split_forms(parts.sections.get("forms", []) + [
        b for b in tail if b.is_row])
    forms_read = [forms.read_form(rows) for rows in form_rows]
    if not tables and forms_read:
        _forms_header(data, parts, forms_read)
    uses_by_code, level = uses(explanation, tables)
    data["选项"] = options(tables, level)
    functions = narrative.functions(parts.sections.get("functions", []))
    if functions:
        data["主要职能"] = functions
    organisation = narrative.organisation(parts.sections.get("organisation", []))
    if organisation:
        data["机构设置"] = organisation
    if "变动原因" in explanation or uses_by_code:
        data["预算编制说明"] = {"变动原因": explanation.get("变动原因", ""), "科目说明": uses_by_code}
    other = narrative.other([b for b in parts.sections.get("other", []) if not b.is_row])
    tp, running = three_public(tables)
    if tables:
        data["上年预算"] = prior(explanation, other, tables, tp, running)
        data["支出明细"] = lines(tables, data.get("预算年度"))
        data["基本支出经济分类"] = economic(tables)
        names = code_names(tables, data.get("预算年度"))
        if names:
            data["科目名称"] = names
        if tp or tables.get("表9"):
            data["三公经费"] = {**tp, **({"公务接待费用途": other["公务接待费用途"]}
                                      if "公务接待费用途" in other else {})}
        if running is not None:
            data["机关运行经费"] = running
        if "procurement" in other:
            data["政府采购"] = other["procurement"]
        if "performance" in other:
            perf = other["performance"]
            projects_total = _get(tables.get("表3"), "合计", "项目支出")
            if _in_wan(projects_total) * WAN == perf["金额"]:
                perf["金额"] = projects_total
            data["绩效目标"] = perf
        if "as_of" in other:
            data["国有资产"] = {"截至日期": other["as_of"]}
            for key, name in (("vehicles", "车辆"), ("equipment", "大型设备"),
                              ("planned_vehicles", "计划购置车辆"),
                              ("planned_equipment", "计划购置大型设备")):
                if other.get(key):
                    data["国有资产"][name] = other[key]
        if other.get("nature") and data.get("类型") == "单位预算" and isinstance(data.get("单位"), dict):
            data["单位"].setdefault("性质", other["nature"])
    data["项目"] = _projects(read, forms_read, data)
    _project_codes(data)
    return data


def _project_codes(data: dict[str, Any]) -> None:
    """A project's 科目 where its amount is the 项目支出 of exactly one line."""
    spending: dict[str, Decimal] = {}
    for line in data.get("支出明细", []):
        amounts = [line] if "资金来源" not in line else list(line["资金来源"].values())
        spending[line["科目"]] = sum((a.get("项目支出", ZERO) for a in amounts), start=ZERO)
    for project in data.get("项目", []):
        amount = project.get("金额")
        if amount is None or "科目" in project:
            continue
        codes = [code for code, value in spending.items() if value == amount]
        if len(codes) == 1:
            project["科目"] = codes[0]
            order = list(project)
            order.insert(order.index("金额") + 1, order.pop(order.index("科目")))
            for key in order:
                project[key] = project.pop(key)


def _forms_header(data: dict[str, Any], parts: Parts, forms_read: list[dict[str, Any]]) -> None:
    """A forms-only document: year from "（2026年度）", the body from the forms' 主管部门 and
    实施单位, the region from the body's name."""
    blocks = parts.cover + parts.sections.get("forms", [])
    year = next((m for m in (re.search(r"(\d{4})年度", b.text) for b in blocks) if m), None)
    supervisor = next((f.get("主管部门") for f in forms_read if f.get("主管部门")), "")
    implementer = next((f.get("实施单位") for f in forms_read if f.get("实施单位")), "")
    region = re.match(r"^(上海市(?:[^市区]{1,4}区)?)", str(supervisor or implementer or ""))
    header: dict[str, Any] = {}
    if year:
        header["预算年度"] = int(year[1])
    if region:
        header["地区"] = region[1]
        header["级次"] = "区级" if region[1] != "上海市" else "市级"
    header["类型"] = "绩效目标申报表"
    body = {"名称": supervisor or implementer}
    if implementer and implementer != body["名称"]:
        body["表内名称"] = implementer
    header["单位"] = body
    data.clear()
    data.update(header)


def _projects(read: list[tuple[dict[str, Any], Block]], forms_read: list[dict[str, Any]],
              data: dict[str, Any]) -> list[dict[str, Any]]:
    """Projects with their 申报表 (matched by name, else in order); a form without a
    项目经费情况说明 becomes a project of its own."""
    out = [dict(p) for p, _ in read]
    by_name = {normalise_name(p["名称"]): p for p in out}
    for form in forms_read:
        name = form.pop("项目名称", None) or ""
        key = normalise_name(name)
        project = by_name.get(key) or next(
            (p for k, p in by_name.items() if k and (key.startswith(k) or k.startswith(key))
             and "绩效目标申报表" not in p), None)
        if project is not None and name:
            project["名称"] = name
        if project is None:
            project = {"名称": name}
            out.append(project)
            by_name[normalise_name(name)] = project
        funds = form.get("项目资金", {})
        amount = funds.get("当年财政拨款") or funds.get("年度资金申请总额")
        if amount and "金额" not in project:
            project["金额"] = Decimal(amount)
        if "实施周期" not in project and form.get("计划开始日期") and form.get("计划完成日期"):
            project["实施周期"] = {"开始": form["计划开始日期"], "结束": form["计划完成日期"]}
        if "实施主体" not in project and form.get("实施单位"):
            project["实施主体"] = form["实施单位"]
        project["绩效目标申报表"] = {k: v for k, v in form.items()}
        for key in ("项目资金",):
            if key in project["绩效目标申报表"]:
                project["绩效目标申报表"][key] = {k: Decimal(v) for k, v in form[key].items()}
    # keep key order as the schema lists it
    order = ["名称", "金额", "科目", "实施主体", "项目概述", "立项依据", "实施方案", "实施周期",
             "年度预算安排", "绩效目标", "绩效目标申报表"]
    return [{k: p[k] for k in order if k in p} for p in out]

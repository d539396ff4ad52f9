"""Family R: reading problems. The readers find them (ingest/problems.py); here they are
registered so that they are documented, listed and selectable like every other rule."""
from __future__ import annotations

from typing import Iterable

from ..ingest import problems
from ..report import Severity
from .base import Context, Rule


def _passed_on(code: str):
    def check(ctx: Context) -> Iterable:
        return (f for f in ctx.doc.findings if f.code == code)
    return check


def _rule(code, severity, title, what, why, example) -> Rule:
    return Rule(code, severity, title, what, why, example, _passed_on(code))


R001 = _rule(problems.R001, Severity.ERROR, "文件无法读取", "文件打不开、编码无法识别，或不是预算公开文件（命令以退出码 2 结束）。",
             "无法读取就无法检查。", "把 PDF 当作文本文件读取。")
R002 = _rule(problems.R002, Severity.WARNING, "数值丢失（#####）", "单元格印为“#####”：导出时数值丢失。",
             "丢失的数无法核对，要从原表补回。", "整体绩效目标表“项目支出”合计印为“#####”：警告。")
R003 = _rule(problems.R003, Severity.WARNING, "无法识别的表格", "表格的类型无法从标题和表头判断，原样保留为 unknown。",
             "未识别的表不参加勾稽检查。", "标题为“附表”的表。")
R004 = _rule(problems.R004, Severity.WARNING, "数值无法确定所属列",
             "PDF 文本删掉了空单元格，表内勾稽、其他表和排版都无法确定某些数值属于哪一列；这些数值不放入任何列。",
             "宁可报告也不猜测。", "“210 卫生健康支出 33.20 33.20”：基本支出还是项目支出？")
R005 = _rule(problems.R005, Severity.WARNING, "应为数字的单元格是文字", "金额单元格里是文字。",
             "文字不能参加计算：这一格所在的合计都无法核对。",
             "合计栏印为“见附表”。")
R007 = _rule(problems.R007, Severity.WARNING, "一行的数值多于列数", "一行印出的数值比表头的列多。", "多出的数无法对应到列。",
             "表头 3 列，该行 4 个数。")
R008 = _rule(problems.R008, Severity.WARNING, "隐藏的行、列或工作表",
             "工作簿里有隐藏的行、列或工作表：隐藏的行和列照常读取，隐藏的工作表不读取。",
             "公开文件里看不见的内容也可能参与合计，或藏着与公开数字不同的数据，审核时要看到。",
             "基本支出表第 12 行（30107 绩效工资）为隐藏行。")

R009 = _rule(problems.R009, Severity.WARNING, "表格类型按内容判断",
             "标题没有说明表格类型（各地模板的标题不同），类型由表头用词和各行的科目编码判断，并给出把握程度（0–1）。",
             "按内容判断的类型可能出错，审核时应确认；把握低于 0.6 的表不判断，保留为未识别的表（R003）。",
             "标题为“附表3”的表，表头有“人员经费”“公用经费”，各行是 301、30101……：判断为基本支出表（把握 1.00）。")

R010 = _rule(problems.R010, Severity.WARNING, "金额单位可疑",
             "表格的“单位”行与数值的大小不符：标明万元而最大的数达到 1,000 亿元以上；标明元而整张表的数都不到 100 元；"
             "或者一张表的单位与同一文件其他表不同，而数值大小与它们相同（相差不到 100 倍，元与万元相差 1 万倍）。",
             "单位印错会使全部金额差一万倍，与其他表、上年数据的比较都会出错。",
             "单位：万元，合计 2,310,307.39：实为元。")

R011 = _rule(problems.R011, Severity.WARNING, "超出读取范围的内容未读取",
             "工作表中有单元格位于读取范围（默认 100,000 行 × 1,000 列，--max-sheet-rows、--max-sheet-columns）之外，"
             "这些单元格未读取，其余照常读取；超出读取范围或相互重叠的合并单元格只按读到的单元格合并；"
             "合并单元格比单元格还多时不读取合并。",
             "远处的一个单元格会让整张表的读取占用数百 GB 内存；公开表格不会有这样的单元格，多半是误操作或恶意构造。",
             "工作表「表一」的 XFD1048576 单元格有内容。")

R012 = _rule(problems.R012, Severity.WARNING, "表格读取不可靠，未参加核对",
             "文本把一张表一个单元格一行地输出、行列次序已打乱（如 pdftotext 不加 -layout），或一张表内半数以上"
             "有数的行（至少 3 行）勾稽关系不成立：这多半是读取时行列错位，而不是表格本身的错误。该表不参加算术、"
             "表间和说明的核对，只报告这一条。", "真实的公开表格极少有大半勾稽不成立；把读错的表当作错误报告，会淹没真正的问题。",
             "pdftotext（不加 -layout）先输出一列科目编码，再输出名称和金额：收入总表的数值无法对应到行。")

RULES = (R001, R002, R003, R004, R005, R007, R008, R009, R010, R011, R012)

using System.Globalization;
using CooperationBot.Exports;
using CooperationBot.Localization;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CooperationBot.Tests.Exports;

public sealed class ExcelMaterialsTests : IDisposable
{
    private static readonly Texts Zh = new(CultureInfo.GetCultureInfo("zh-CN"));
    private readonly MaterialsFixture fixture = new();

    [Fact]
    public async Task The_workbook_opens_and_the_validator_finds_no_error()
    {
        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));

        var errors = OfficeFiles.ValidationErrors(workbook);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
        Assert.Equal(["填报内容", "任务落实", "变更记录", "单位", "联络人"], workbook.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Select(s => s.Name!.Value));
    }

    [Fact]
    public async Task Each_reported_item_is_one_row_with_unit_kind_order_text_revision_and_who_submitted_it_when()
    {
        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var rows = OfficeFiles.Cells(workbook, "填报内容");

        Assert.Equal(["单位编号", "单位", "类别", "序号", "内容", "版本", "提交时间", "提交人"], rows[0]);
        var dicp = rows.Where(r => r[0] == "dicp").ToList();
        Assert.Equal(
            [("成果", "1"), ("成果", "2"), ("成果", "3"), ("重点工作", "1"), ("重点工作", "2"), ("备注", "1")],
            dicp.Select(r => (r[2], r[3])));
        Assert.Equal(MaterialsFixture.AstralText, dicp[2][4]);
        Assert.All(dicp, r => Assert.Equal(("大连化物所", "2", "李联络"), (r[1], r[5], r[7])));
        Assert.Equal(["iae", "沈阳生态所", "未提交"], rows.Single(r => r[0] == "iae"));

        // Every unit, in committee order.
        Assert.Equal(["dicp", "imr", "iae", "sia", "iocas", "qibebt", "yic", "sict", "sky"], rows.Skip(1).Select(r => r[0]).Distinct());
    }

    [Fact]
    public async Task Submission_times_are_real_dates_in_the_committees_time_zone()
    {
        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var sheet = OfficeFiles.WorksheetOf(workbook, "填报内容").Worksheet;

        var cell = sheet.Descendants<Cell>().First(c => c.CellReference == "G2");
        Assert.Null(cell.DataType);
        var when = DateTime.FromOADate(double.Parse(cell.CellValue!.Text, CultureInfo.InvariantCulture));
        Assert.Equal(new DateTime(2020, 6, 1, 11, 0, 0), when);
        var format = workbook.WorkbookPart!.WorkbookStylesPart!.Stylesheet.CellFormats!.Elements<CellFormat>().ElementAt((int)cell.StyleIndex!.Value);
        var code = workbook.WorkbookPart.WorkbookStylesPart.Stylesheet.NumberingFormats!.Elements<NumberingFormat>().Single(n => n.NumberFormatId!.Value == format.NumberFormatId!.Value);
        Assert.Equal("yyyy-mm-dd hh:mm", code.FormatCode!.Value);
    }

    [Fact]
    public async Task Every_sheet_has_a_frozen_header_row_and_filters_over_its_data()
    {
        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));

        foreach (var name in new[] { "填报内容", "任务落实", "变更记录", "单位", "联络人" })
        {
            var sheet = OfficeFiles.WorksheetOf(workbook, name).Worksheet;
            var pane = sheet.Descendants<Pane>().Single();
            Assert.Equal((PaneStateValues.Frozen, 1D, "A2"), (pane.State!.Value, pane.VerticalSplit!.Value, pane.TopLeftCell!.Value));
            var rows = OfficeFiles.Cells(workbook, name);
            var filter = sheet.GetFirstChild<AutoFilter>()!.Reference!.Value!;
            Assert.Equal($"A1:{ExcelMaterials.Column(rows[0].Count - 1)}{rows.Count}", filter);
        }
    }

    [Fact]
    public async Task The_directive_sheet_is_the_unit_by_directive_status_matrix()
    {
        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var rows = OfficeFiles.Cells(workbook, "任务落实");

        Assert.Equal(["单位编号", "单位", "任务1", "任务2", "任务3", "任务4"], rows[0]);
        Assert.Equal(["dicp", "大连化物所", "未开始", "未开始", "进行中", "受阻"], rows[1]);
        Assert.Equal(10, rows.Count);
    }

    [Fact]
    public async Task The_history_sheet_lists_revisions_and_directive_changes_oldest_first()
    {
        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var rows = OfficeFiles.Cells(workbook, "变更记录");

        Assert.Equal(["时间", "操作人", "单位", "对象", "项目", "原值", "新值"], rows[0]);
        var lines = rows.Skip(1).Select(r => (By: r[1], Unit: r[2], Subject: r[3], Field: r[4], Old: r.ElementAtOrDefault(5) ?? string.Empty, New: r.ElementAtOrDefault(6) ?? string.Empty)).ToList();
        Assert.Equal(("张联络", "大连化物所", "年度报告", "提交", string.Empty, "第1版：成果2项，重点工作1项"), lines[0]);
        Assert.Contains(("李联络", "大连化物所", "年度报告", "提交", "第1版", "第2版：成果3项，重点工作2项"), lines);
        Assert.Contains(("李联络", "大连化物所", "任务4", "状态", "未开始", "受阻"), lines);
        Assert.Equal(("李联络", "大连化物所", "任务4", "进展说明", string.Empty, "缺少中试设备"), lines[^1]);
        var times = rows.Skip(1).Select(r => double.Parse(r[0], CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.Order(), times);
    }

    [Fact]
    public async Task The_units_and_contacts_sheets_are_the_import_template_filled_with_the_committee()
    {
        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));

        var units = OfficeFiles.Cells(workbook, "单位");
        Assert.Equal(["单位编号", "简称（中文）", "简称（英文）", "全称（中文）", "全称（英文）"], units[0]);
        Assert.Equal(["dicp", "大连化物所", "DICP", "中国科学院大连化学物理研究所", "Dalian Institute of Chemical Physics"], units[1]);
        Assert.Equal(10, units.Count);
        var contacts = OfficeFiles.Cells(workbook, "联络人");
        Assert.Equal(["单位编号", "姓名", "邮箱/UPN", "Entra 对象 ID"], contacts[0]);
        Assert.Contains(["imr", "金属所联络员", "contact@imr.example.org", "aad-imr-1"], contacts);
        Assert.Contains(["dicp", "张联络", string.Empty, "aad-dicp-1"], contacts);
    }

    public void Dispose() => fixture.Dispose();
}

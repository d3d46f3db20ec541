using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Exports;
using CooperationBot.Localization;
using CooperationBot.Reports;

namespace CooperationBot.Tests.Exports;

/// <summary>Materials of an earlier cycle, units that left the committee, and the committee's own changes.</summary>
public sealed class ExportCyclesTests : IDisposable
{
    private static readonly Texts Zh = new(CultureInfo.GetCultureInfo("zh-CN"));
    private static readonly PastCycle Previous = new(
        "2018-2019", 2018, 2019, new DateOnly(2019, 6, 30), new LocalizedText("中国科学院沈阳分院2019年度院地合作委员会工作会议", "2019 meeting"),
        new DateTimeOffset(2020, 1, 10, 2, 0, 0, TimeSpan.Zero), "马越红");

    private readonly MaterialsFixture fixture;

    public ExportCyclesTests()
    {
        var sample = MaterialsFixture.SampleWithTestPeople();
        var sky = sample.Units.Single(u => u.Id == "sky");
        fixture = new MaterialsFixture(sample with { Units = sample.Units.Where(u => u.Id != "sky").ToList() } with { PastCycles = [Previous], RetiredUnits = [sky] });
    }

    [Fact]
    public void The_current_cycle_is_offered_first_then_earlier_ones()
    {
        Assert.Equal(["2019-2020", "2018-2019"], MaterialsSource.CyclesOf(fixture.Committee).Select(c => c.Id));
    }

    [Fact]
    public async Task An_earlier_cycle_shows_its_own_reports_and_meeting_and_says_directives_are_followed_for_the_current_cycle_only()
    {
        await StoreAsync("2018-2019", "dicp", "建成洁净能源国家实验室");
        await StoreAsync("2018-2019", "sky", "干泵产品进入半导体产线");
        await StoreAsync("2019-2020", "dicp", "本年度成果");

        var materials = await fixture.GatherAsync("2018-2019");
        using var document = OfficeFiles.OpenWord(WordMaterials.Build(materials, Zh));
        var paragraphs = OfficeFiles.Paragraphs(document);

        Assert.Empty(OfficeFiles.ValidationErrors(document));
        Assert.Equal("中国科学院沈阳分院2019年度院地合作委员会工作会议", paragraphs.First(p => p.Style == "Title").Text);
        Assert.DoesNotContain(paragraphs, p => p.Text.StartsWith("会议日期", StringComparison.Ordinal));
        Assert.Contains(("ListNumber", "建成洁净能源国家实验室"), paragraphs);
        Assert.DoesNotContain(("ListNumber", "本年度成果"), paragraphs);
        Assert.Contains(("Heading1", "一、各单位2018年度成果及2019年度重点工作"), paragraphs);
        Assert.Contains(("BodyText", "任务落实情况仅在当前填报周期跟踪。"), paragraphs);

        // 沈阳科仪公司 has left the committee but reported in that cycle: its report is part of that cycle's materials.
        Assert.Equal("（九）沈阳科仪公司（中国科学院沈阳科学仪器股份有限公司）", paragraphs.Where(p => p.Style == "Heading2").Last().Text);
        Assert.Contains(("ListNumber", "干泵产品进入半导体产线"), paragraphs);
    }

    [Fact]
    public async Task A_retired_unit_without_a_report_in_the_cycle_is_left_out_and_not_offered_in_the_import_template()
    {
        var materials = await fixture.GatherAsync();
        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(materials, Zh));

        Assert.DoesNotContain(materials.Units, u => u.Unit.Id == "sky");
        Assert.DoesNotContain(OfficeFiles.Cells(workbook, "单位"), r => r[0] == "sky");
    }

    [Fact]
    public async Task Changes_to_the_committee_itself_are_in_the_history_sheet()
    {
        var change = new CommitteeChange(
            CommitteeHistory.IdOf(2), fixture.Clock.GetUtcNow(), "aad-organiser", "马越红", CommitteeParts.Unit("imr"),
            [new FieldChange("imr", CommitteeFields.ShortNameZh, "金属所", "中科院金属所")]);
        await fixture.History.RecordAsync(change, CancellationToken.None);

        using var workbook = OfficeFiles.OpenExcel(ExcelMaterials.Build(await fixture.GatherAsync(), Zh));

        Assert.Contains(OfficeFiles.Cells(workbook, "变更记录").Skip(1), r => r.Skip(1).SequenceEqual(["马越红", "金属所", "委员会", "简称（中文）", "金属所", "中科院金属所"]));
    }

    private Task StoreAsync(string cycleId, string unitId, string achievement)
    {
        var revision = new ReportRevision(1, new ReportContent([achievement], ["重点"], null), "aad-x", "联络员", Previous.ClosedAt.AddDays(-200));
        var report = UnitReport.New(unitId, cycleId) with { Version = 1, Latest = revision };
        return fixture.Store.WriteAsync(fixture.Keys.Report(cycleId, unitId), report, ifMatch: null, CancellationToken.None);
    }

    public void Dispose() => fixture.Dispose();
}

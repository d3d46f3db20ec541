using System.Globalization;
using CooperationBot.Exports;
using CooperationBot.Localization;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CooperationBot.Tests.Exports;

public sealed class WordMaterialsTests : IDisposable
{
    private static readonly Texts Zh = new(CultureInfo.GetCultureInfo("zh-CN"));
    private readonly MaterialsFixture fixture = new();

    [Fact]
    public async Task The_document_opens_and_the_validator_finds_no_error()
    {
        var bytes = WordMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh);

        using var document = OfficeFiles.OpenWord(bytes);
        var errors = OfficeFiles.ValidationErrors(document);
        Assert.True(errors.Count == 0, string.Join("\n", errors));
    }

    [Fact]
    public async Task The_cover_names_the_meeting_its_date_chair_and_cycle()
    {
        using var document = OfficeFiles.OpenWord(WordMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var paragraphs = OfficeFiles.Paragraphs(document);

        Assert.Equal(("Title", "中国科学院沈阳分院2020年度院地合作委员会工作会议"), paragraphs.First(p => p.Style == "Title"));
        var cover = paragraphs.Where(p => p.Style == "CoverLine").Select(p => p.Text).ToList();
        Assert.Contains("会议日期：2020年5月14日", cover);
        Assert.Contains("主持人：韩恩厚", cover);
        Assert.Contains("填报周期：2019年度成果及2020年度重点工作报告", cover);
        Assert.Contains("提交情况：9个单位中已提交2个", cover);
    }

    [Fact]
    public async Task Every_unit_appears_in_committee_order_with_numbered_achievements_and_priorities_and_non_submitters_marked()
    {
        using var document = OfficeFiles.OpenWord(WordMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var paragraphs = OfficeFiles.Paragraphs(document);

        var reportSection = paragraphs.TakeWhile(p => !p.Text.StartsWith("二、", StringComparison.Ordinal)).ToList();
        var units = reportSection.Where(p => p.Style == "Heading2").Select(p => p.Text).ToList();
        Assert.Equal(
            ["（一）大连化物所", "（二）金属所", "（三）沈阳生态所", "（四）沈阳自动化所", "（五）海洋所", "（六）青岛生物能源所", "（七）烟台海岸带所", "（八）沈阳计算所公司", "（九）沈阳科仪公司"],
            units.Select(u => u[..u.IndexOf('（', 1)]));

        var dicp = Between(reportSection, "（一）大连化物所", "（二）金属所");
        Assert.Equal(["1．2019年度主要成果", "2．2020年度重点工作", "3．备注", "4．填报记录"], dicp.Where(p => p.Style == "Heading3").Select(p => p.Text));
        Assert.Equal(
            ["与延长石油、中石油、华为、茅台建立战略合作", "谋划榆林国家能源革命创新示范区", MaterialsFixture.AstralText, "推进榆林示范区建设", "与辽宁省共建洁净能源创新研究院"],
            dicp.Where(p => p.Style == "ListNumber").Select(p => p.Text));
        Assert.Contains(("BodyText", "数据截至2019年12月31日"), dicp);

        Assert.Contains(("BodyText", "尚未提交（已保存草稿，未收入本汇编）。"), Between(reportSection, "（三）沈阳生态所", "（四）沈阳自动化所"));
        Assert.Contains(("BodyText", "尚未提交。"), Between(reportSection, "（九）沈阳科仪公司", null));
        Assert.Contains(("BodyText", "未提交单位：沈阳生态所、沈阳自动化所、海洋所、青岛生物能源所、烟台海岸带所、沈阳计算所公司、沈阳科仪公司。"), reportSection);
    }

    [Fact]
    public async Task Each_list_restarts_its_numbering_and_numbers_the_chinese_way()
    {
        using var document = OfficeFiles.OpenWord(WordMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));

        var body = document.MainDocumentPart!.Document.Body!;
        var listIds = body.Elements<Paragraph>().Select(p => p.ParagraphProperties?.NumberingProperties?.NumberingId?.Val?.Value).OfType<int>().Distinct().ToList();
        Assert.Equal(4, listIds.Count); // two lists for each of the two submitted units
        var numbering = document.MainDocumentPart.NumberingDefinitionsPart!.Numbering;
        Assert.All(numbering.Elements<NumberingInstance>(), n => Assert.Equal(1, n.GetFirstChild<LevelOverride>()!.StartOverrideNumberingValue!.Val!.Value));
        Assert.Equal("（%1）", numbering.Descendants<LevelText>().Single().Val!.Value);
    }

    [Fact]
    public async Task Who_submitted_which_revision_when_is_listed_in_the_committees_time_zone()
    {
        using var document = OfficeFiles.OpenWord(WordMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var texts = OfficeFiles.Paragraphs(document).Select(p => p.Text).ToList();

        Assert.Contains("第1版：张联络于2020-06-01 10:00提交", texts);
        Assert.Contains("第2版：李联络于2020-06-01 11:00提交", texts);
        Assert.Contains("第1版：金属所联络员于2020-06-01 11:00提交", texts);
    }

    [Fact]
    public async Task The_directive_table_shows_each_units_status_and_the_notes_follow_per_directive()
    {
        using var document = OfficeFiles.OpenWord(WordMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var tables = document.MainDocumentPart!.Document.Body!.Elements<Table>().Select(OfficeFiles.Rows).ToList();

        var matrix = tables[0];
        Assert.Equal(["单位", "任务1", "任务2", "任务3", "任务4"], matrix[0]);
        Assert.Equal(["大连化物所", "未开始", "未开始", "进行中", "受阻"], matrix[1]);
        Assert.Equal(["沈阳科仪公司", "未开始", "未开始", "未开始", "未开始"], matrix[9]);
        Assert.Equal(10, matrix.Count);

        var directive4 = tables[4];
        Assert.Equal(["单位", "状态", "最新进展说明", "更新"], directive4[0]);
        Assert.Equal(["大连化物所", "受阻", "缺少中试设备 需要：需要金属所提供测试平台", "李联络，2020-06-01 11:30"], directive4[1]);
        Assert.Equal("已与鞍钢对接，共同梳理转型升级痛点", tables[3][1][2]);
    }

    [Fact]
    public async Task Overdue_cells_and_units_no_longer_owning_a_directive_are_marked()
    {
        await fixture.ReportingUnderwayAsync();
        var input = new CooperationBot.Directives.DefinitionInput("d3", "加强与大型骨干企业合作", "Work with enterprises", ["imr"], "2020-06-02", 0);
        Assert.IsType<CooperationBot.Directives.DefinitionOutcome.Saved>(await fixture.Directives.UpdateDefinitionAsync(MaterialsFixture.Organiser, input, CancellationToken.None));
        fixture.Clock.Advance(TimeSpan.FromDays(3));

        using var document = OfficeFiles.OpenWord(WordMaterials.Build(await fixture.GatherAsync(), Zh));
        var tables = document.MainDocumentPart!.Document.Body!.Elements<Table>().Select(OfficeFiles.Rows).ToList();

        Assert.Equal("—", tables[0][1][3]);
        Assert.Equal("未开始（逾期）", tables[0][2][3]);
        Assert.Equal(["金属所", "未开始（逾期）"], tables[3][1].Take(2));
        Assert.Equal(["大连化物所（已不再负责）", "进行中"], tables[3][2].Take(2));
    }

    [Fact]
    public async Task Chinese_text_uses_chinese_office_fonts_on_a4_with_page_numbers_after_the_cover()
    {
        using var document = OfficeFiles.OpenWord(WordMaterials.Build(await fixture.ReportingUnderwayAsync(), Zh));
        var main = document.MainDocumentPart!;
        var styles = main.StyleDefinitionsPart!.Styles!;

        string EastAsiaFont(string styleId) => styles.Elements<Style>().Single(s => s.StyleId == styleId).StyleRunProperties!.RunFonts!.EastAsia!.Value!;
        Assert.Equal("方正小标宋简体", EastAsiaFont("Title"));
        Assert.Equal("黑体", EastAsiaFont("Heading1"));
        Assert.Equal("楷体_GB2312", EastAsiaFont("Heading2"));
        Assert.Equal("仿宋_GB2312", EastAsiaFont("BodyText"));
        var defaults = styles.DocDefaults!.RunPropertiesDefault!.RunPropertiesBaseStyle!;
        Assert.Equal("zh-CN", defaults.GetFirstChild<Languages>()!.EastAsia!.Value);
        Assert.Equal("zh-CN", defaults.GetFirstChild<Languages>()!.Val!.Value);

        var section = main.Document.Body!.GetFirstChild<SectionProperties>()!;
        Assert.Equal((11906U, 16838U), (section.GetFirstChild<PageSize>()!.Width!.Value, section.GetFirstChild<PageSize>()!.Height!.Value));
        Assert.NotNull(section.GetFirstChild<TitlePage>());
        var footer = main.FooterParts.Single().Footer!;
        Assert.Equal(" PAGE ", footer.Descendants<SimpleField>().Single().Instruction!.Value);
        Assert.Equal("— 1 —", OfficeFiles.TextOf(footer));
    }

    [Fact]
    public async Task A_committee_working_in_english_gets_an_english_document()
    {
        var materials = await fixture.ReportingUnderwayAsync();
        var english = new Texts(CultureInfo.GetCultureInfo("en-US"));

        using var document = OfficeFiles.OpenWord(WordMaterials.Build(materials, english));
        var paragraphs = OfficeFiles.Paragraphs(document);

        Assert.Empty(OfficeFiles.ValidationErrors(document));
        Assert.Equal("CAS Shenyang Branch 2020 Academy–Locality Cooperation Committee Meeting", paragraphs.First(p => p.Style == "Title").Text);
        Assert.Contains(("CoverLine", "Meeting date: 14 May 2020"), paragraphs);
        Assert.Contains(("Heading2", "1. DICP (Dalian Institute of Chemical Physics)"), paragraphs);
        Assert.Contains(("Heading3", "1) Achievements in 2019"), paragraphs);
        Assert.Contains(("BodyText", "Revision 2: submitted by 李联络 at 2020-06-01 11:00"), paragraphs);
    }

    private static List<(string Style, string Text)> Between(IReadOnlyList<(string Style, string Text)> paragraphs, string fromPrefix, string? toPrefix) =>
        paragraphs.SkipWhile(p => !p.Text.StartsWith(fromPrefix, StringComparison.Ordinal)).Skip(1)
            .TakeWhile(p => toPrefix is null || !p.Text.StartsWith(toPrefix, StringComparison.Ordinal)).ToList();

    public void Dispose() => fixture.Dispose();
}

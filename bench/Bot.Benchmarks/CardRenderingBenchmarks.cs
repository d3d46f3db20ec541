using System.Globalization;
using BenchmarkDotNet.Attributes;
using CooperationBot.Committees;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Teams.Reports;
using Newtonsoft.Json;

namespace CooperationBot.Benchmarks;

/// <summary>Drawing the report form and the summary card of a full report, and writing it as Teams receives it.</summary>
[MemoryDiagnoser]
public class CardRenderingBenchmarks
{
    private readonly Texts texts = new(CultureInfo.GetCultureInfo("zh-CN"));
    private ReportCardData data = null!;
    private FormState form = null!;

    [GlobalSetup]
    public void Setup()
    {
        var folder = Directory.CreateTempSubdirectory("bench-cards-").FullName;
        var committee = CommitteeLoader.LoadFile(BenchCommittee.WriteFile(folder, 50), demoMode: false);
        Directory.Delete(folder, recursive: true);
        var content = new ReportContent(
            Enumerable.Range(1, 15).Select(i => $"第{i}项成果：与地方企业共建联合实验室，转化专利{i}项，新增产值{i * 100}万元").ToList(),
            Enumerable.Range(1, 15).Select(i => $"第{i}项重点：推进示范工程建设，完成中试{i}项").ToList(),
            "备注：数据截至2019年12月31日。");
        var now = new DateTimeOffset(2020, 6, 1, 2, 0, 0, TimeSpan.Zero);
        var report = new UnitReport(BenchCommittee.UnitId(1), committee.CycleId, 7, new ReportDraft(content, "u", "联络人1", now),
            new ReportRevision(3, content, "u", "联络人1", now), []);
        data = new ReportCardData(committee, committee.Units[0], report, CycleState.Open);
        form = new FormState(ReportForm.From(content), report.Version, []);
    }

    [Benchmark]
    public string Form() => ReportCards.Form(texts, data, form).ToString(Formatting.None);

    [Benchmark]
    public string Summary() => ReportCards.Summary(texts, data).ToString(Formatting.None);
}

using System.Globalization;
using BenchmarkDotNet.Attributes;
using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Exports;
using CooperationBot.Localization;
using CooperationBot.Reports;

namespace CooperationBot.Benchmarks;

/// <summary>The meeting materials as Word and Excel for committees of 9 and 200 units, every unit having reported (the goal: 200 units in under 5 s).</summary>
[MemoryDiagnoser]
public class ExportBenchmarks
{
    private readonly Texts texts = new(CultureInfo.GetCultureInfo("zh-CN"));
    private MeetingMaterials materials = null!;

    [ParamsSource(nameof(Sizes))]
    public int Units { get; set; }

    public static IEnumerable<int> Sizes => BenchmarkSmoke.Sizes(9, 200);

    [GlobalSetup]
    public void Setup() => materials = FullMaterials.Of(Units);

    [Benchmark]
    public int Word() => WordMaterials.Build(materials, texts).Length;

    [Benchmark]
    public int Excel() => ExcelMaterials.Build(materials, texts).Length;
}

/// <summary>
/// Materials of a committee where every unit submitted three revisions of a full report (15 achievements
/// and 15 priorities of office-length Chinese text, a remark) and owns all four directives with a note.
/// </summary>
public static class FullMaterials
{
    public static MeetingMaterials Of(int units)
    {
        var folder = Directory.CreateTempSubdirectory("bench-export-").FullName;
        var committee = CommitteeLoader.LoadFile(BenchCommittee.WriteFile(folder, units), demoMode: false);
        Directory.Delete(folder, recursive: true);
        var now = new DateTimeOffset(2020, 6, 1, 2, 0, 0, TimeSpan.Zero);
        var cycle = MaterialsSource.CyclesOf(committee)[0];
        var unitMaterials = committee.Units.Select((unit, u) =>
        {
            var revisions = Enumerable.Range(1, 3).Select(n => new ReportRevision(n, Content(u, n), unit.Contacts[0].AadObjectId!, unit.Contacts[0].Name, now.AddHours(n - 48))).ToList();
            var report = new UnitReport(unit.Id, committee.CycleId, 3, null, revisions[^1], []);
            return new UnitMaterial(unit, report, revisions);
        }).ToList();
        var owners = committee.Units.Select(u => u.Id).ToList();
        var directives = Enumerable.Range(1, 4).Select(d => new DirectiveState(
            new DirectiveDefinition($"d{d}", d, new LocalizedText($"第{d}项任务：加强所地合作，推动成果转化。", $"Directive {d}"), owners, new DateOnly(2020, 12, 31), 1, []),
            owners.Select((id, i) => UnitProgress.New($"d{d}", id) with { Status = (DirectiveStatus)((i + d) % 4), Note = $"已与地方政府对接{i}次，形成合作意向。", ChangedAt = now, ChangedByName = "联络人" }).ToList(),
            new DateOnly(2020, 6, 1))).ToList();
        return new MeetingMaterials(committee, cycle, unitMaterials, directives, now);
    }

    private static ReportContent Content(int unit, int revision) => new(
        Enumerable.Range(1, 15).Select(i => $"第{i}项成果（第{revision}版）：与地方龙头企业共建联合实验室，转化专利{i + unit}项，新增产值{(i + unit) * 100}万元，带动就业{i * 10}人。").ToList(),
        Enumerable.Range(1, 15).Select(i => $"第{i}项重点：推进示范工程建设，完成中试{i}项，争取国家和省级项目支持。").ToList(),
        "数据截至2019年12月31日。");
}

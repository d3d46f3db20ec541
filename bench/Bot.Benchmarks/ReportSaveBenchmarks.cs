using BenchmarkDotNet.Attributes;
using CooperationBot.Committees;
using CooperationBot.Reports;
using CooperationBot.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Benchmarks;

/// <summary>
/// Saving a unit's report at its 5th and at its 500th revision (the revisions made a day apart, as
/// people do): the cost must not grow with the history.
/// </summary>
[MemoryDiagnoser]
public class ReportSaveBenchmarks
{
    private static readonly UserIdentity Contact = new(BenchCommittee.UserId(1), "联络人1");
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2020, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private string folder = string.Empty;
    private ReportService reports = null!;
    private string cycleId = string.Empty;
    private int version;
    private int operation;

    public static IEnumerable<int> RevisionCounts => BenchmarkSmoke.Sizes(5, 500);

    [ParamsSource(nameof(RevisionCounts))]
    public int Revisions { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        folder = Directory.CreateTempSubdirectory("bench-report-").FullName;
        var committee = CommitteeLoader.LoadFile(BenchCommittee.WriteFile(folder, 50), demoMode: false);
        cycleId = committee.CycleId;
        reports = new ReportService(new LocalFolderStore(Path.Combine(folder, "store")), new FixedCommittee(committee), new DocumentKeys(committee.Id), clock, NullLogger<ReportService>.Instance);
        for (var n = 1; n < Revisions; n++)
        {
            clock.Advance(TimeSpan.FromDays(1));
            Save(submit: true);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(folder, recursive: true);

    [Benchmark]
    public int SaveDraft() => Save(submit: false);

    [Benchmark]
    public int Submit() => Save(submit: true);

    private int Save(bool submit)
    {
        var op = ++operation;
        var form = new ReportForm($"与地方企业共建联合实验室\n第{op}次修改的成果", "推进示范工程建设", string.Empty);
        var request = new SaveReport(Contact, BenchCommittee.UnitId(1), cycleId, form, version, $"op-{op}", submit);
        var outcome = reports.SaveAsync(request, CancellationToken.None).GetAwaiter().GetResult();
        return version = ((ReportOutcome.Saved)outcome).Report.Version;
    }

    private sealed class FixedCommittee(Committee committee) : ICommitteeSource
    {
        public ValueTask<Committee> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(committee);
    }
}

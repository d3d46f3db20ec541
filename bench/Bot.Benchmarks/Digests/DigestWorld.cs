using System.Collections.Concurrent;
using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Reports;
using CooperationBot.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CooperationBot.Benchmarks.Digests;

/// <summary>
/// A committee of any size in a fresh embedded store, filled the way a real cycle looks half-way:
/// 60 % of units submitted (two revisions each), 10 % drafts, the rest not started; every unit owns
/// every directive, a quarter of the cells in progress, some done, some blocked, the rest untouched.
/// </summary>
public sealed class DigestWorld : IDisposable
{
    private static readonly ConcurrentDictionary<int, Lazy<Task<DigestWorld>>> Shared = new();

    private readonly string folder;

    static DigestWorld() => AppDomain.CurrentDomain.ProcessExit += (_, _) =>
    {
        foreach (var world in Shared.Values.Where(l => l.IsValueCreated && l.Value.IsCompletedSuccessfully).Select(l => l.Value.Result))
        {
            world.Dispose();
        }
    };

    private DigestWorld(string folder, Committee committee, IDocumentStore store)
    {
        this.folder = folder;
        Committee = committee;
        Store = store;
        Keys = new DocumentKeys(committee.Id);
        Clock = TimeProvider.System;
        var source = new Fixed(committee);
        Reports = new ReportService(store, source, Keys, Clock, NullLogger<ReportService>.Instance);
        Directives = new DirectiveService(store, source, Keys, Clock, NullLogger<DirectiveService>.Instance);
        Digests = new DigestService(Reports, Directives, store, new UnreachableRecipients(store, Keys), source, Keys, Clock);
    }

    public Committee Committee { get; }

    public const string OrganiserAadObjectId = "00000000-0000-4000-8000-00000000be4c";

    public string Folder => folder;

    public IDocumentStore Store { get; }

    public DocumentKeys Keys { get; }

    public TimeProvider Clock { get; }

    public ReportService Reports { get; }

    public DirectiveService Directives { get; }

    public DigestService Digests { get; }

    /// <summary>A world of this size shared by every benchmark in the process (filling 10,000 units takes minutes); removed when the process ends.</summary>
    public static Task<DigestWorld> SharedAsync(int units) =>
        Shared.GetOrAdd(units, n => new Lazy<Task<DigestWorld>>(() => CreateAsync(n))).Value;

    public static async Task<DigestWorld> CreateAsync(int units)
    {
        var folder = Directory.CreateTempSubdirectory("digest-bench-").FullName;
        var world = new DigestWorld(folder, SyntheticCommittee(units), new LocalFolderStore(folder));
        await world.FillAsync().ConfigureAwait(false);
        return world;
    }

    /// <summary>
    /// The sample committee's meeting and directives with <paramref name="units"/> generated units of two
    /// contacts each. Built from the loaded sample rather than through the file loader, whose limits are
    /// for people typing a committee, not for measuring one of any size.
    /// </summary>
    public static Committee SyntheticCommittee(int units)
    {
        var sample = CommitteeLoader.LoadFile(Path.Combine(AppContext.BaseDirectory, "Committees", "sample-committee.json"), demoMode: false);
        return sample with
        {
            Id = $"synthetic-{units}",
            Organisers = [new Person("组织方", OrganiserAadObjectId, null)],
            Units = Enumerable.Range(1, units).Select(i => new Unit(
                $"unit-{i:00000}",
                new LocalizedText($"单位{i:00000}", $"Unit {i:00000}"),
                new LocalizedText($"中国科学院第{i:00000}研究所", $"Institute {i:00000}"),
                [new Person($"联络员甲{i:00000}", $"00000000-0000-0000-0001-{i:000000000000}", null), new Person($"联络员乙{i:00000}", null, $"contact-b-{i:00000}@unit.example.org")])).ToList(),
        };
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private async Task FillAsync()
    {
        var c = Committee;
        await Parallel.ForEachAsync(c.Units.Select((u, i) => (Unit: u, Index: i)), new ParallelOptions { MaxDegreeOfParallelism = 8 }, async (x, ct) =>
        {
            var contact = x.Unit.Contacts[0];
            var user = new UserIdentity(contact.AadObjectId!, contact.Name);
            var share = x.Index % 10;
            if (share < 6)
            {
                var first = new ReportForm($"{x.Unit.ShortName.Zh}与地方企业共建联合实验室\n-30% 单位能耗\n**新型催化剂**中试", "推进示范工程建设\n申报省重点研发计划", string.Empty);
                await Reports.SaveAsync(new SaveReport(user, x.Unit.Id, c.CycleId, first, 0, $"{x.Unit.Id}-1", Submit: true), ct).ConfigureAwait(false);
                var second = first with { Achievements = first.Achievements + "\n与高校联合培养研究生" };
                await Reports.SaveAsync(new SaveReport(user, x.Unit.Id, c.CycleId, second, 1, $"{x.Unit.Id}-2", Submit: true), ct).ConfigureAwait(false);
            }
            else if (share < 7)
            {
                await Reports.SaveAsync(new SaveReport(user, x.Unit.Id, c.CycleId, new ReportForm("草稿中的成果", string.Empty, string.Empty), 0, $"{x.Unit.Id}-d", Submit: false), ct).ConfigureAwait(false);
            }

            var status = (x.Index % 8) switch
            {
                0 or 1 => DirectiveStatus.InProgress,
                2 => DirectiveStatus.Done,
                3 => DirectiveStatus.Blocked,
                _ => (DirectiveStatus?)null,
            };
            if (status is { } s)
            {
                var inputs = c.Directives.Select(d => new ProgressInput(d.Id, s.ToString(), "已与企业对接，梳理需求", s == DirectiveStatus.Blocked ? "需要省科技厅协调资金" : string.Empty, 0)).ToList();
                await Directives.UpdateProgressAsync(user, x.Unit.Id, inputs, $"{x.Unit.Id}-p", ct).ConfigureAwait(false);
            }
        }).ConfigureAwait(false);
    }

    private sealed class Fixed(Committee committee) : ICommitteeSource
    {
        public ValueTask<Committee> GetAsync(CancellationToken cancellationToken) => ValueTask.FromResult(committee);
    }
}

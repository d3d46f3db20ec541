using System.Globalization;
using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Localization;
using CooperationBot.Reports;
using CooperationBot.Storage;
using CooperationBot.Teams.Digests;
using CooperationBot.Tests.Conversations;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Digests;

/// <summary>A synthetic 200-unit committee must still fit Teams' message size, without losing the missing list.</summary>
public sealed class LargeCommitteeDigestTests : IDisposable
{
    private const int UnitCount = 200;
    private readonly string folder = Directory.CreateTempSubdirectory("digest-large-").FullName;
    private readonly Committee committee = LargeCommittee();
    private readonly ReportService reports;
    private readonly DigestService digests;
    private readonly Texts zh = new(CultureInfo.GetCultureInfo("zh-CN"));

    public LargeCommitteeDigestTests()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2020, 6, 1, 1, 0, 0, TimeSpan.Zero));
        var store = new LocalFolderStore(folder);
        reports = new ReportService(store, new FixedCommittee(committee), new DocumentKeys(committee.Id), clock, NullLogger<ReportService>.Instance);
        digests = new DigestService(reports, new AllBlocked(committee), store, new UnreachableRecipients(store, new DocumentKeys(committee.Id)), new FixedCommittee(committee), new DocumentKeys(committee.Id), clock);
    }

    [Fact]
    public async Task With_no_unit_submitted_every_one_of_200_units_is_listed_across_messages_each_under_40_KB()
    {
        var cards = DigestCards.Build(zh, await digests.PrepareAsync(CancellationToken.None), "d-1");

        Assert.InRange(cards.Count, 1, DigestCards.MaxPosts);
        Assert.All(cards, c => Assert.True(DigestCards.Bytes(c) < 40 * 1024, $"a card is {DigestCards.Bytes(c)} bytes"));
        var listed = cards.SelectMany(c => Cards.Text(c).Split('\n')).Where(l => l.StartsWith("• 单位", StringComparison.Ordinal)).ToList();
        Assert.Equal(UnitCount, listed.Count);
        Assert.Equal(committee.Units.Select(u => u.ShortName.Zh), listed.Select(l => l[2..l.IndexOf(" —", StringComparison.Ordinal)]));
        Assert.Equal(UnitCount * 2, cards.Sum(c => ((JArray?)c["msteams"]?["entities"])?.Count ?? 0));
    }

    [Fact]
    public async Task With_most_units_submitted_long_reports_the_digest_is_summarised_but_keeps_counts_and_missing_units()
    {
        foreach (var unit in committee.Units.Take(150))
        {
            var achievements = string.Join('\n', Enumerable.Range(1, 30).Select(i => new string('成', 400)));
            var user = new UserIdentity(unit.Contacts[0].AadObjectId!, unit.Contacts[0].Name);
            var outcome = await reports.SaveAsync(new SaveReport(user, unit.Id, committee.CycleId, new ReportForm(achievements[..(19 * 1024 / 3)], "重点", string.Empty), 0, unit.Id, true), CancellationToken.None);
            Assert.IsType<ReportOutcome.Saved>(outcome);
        }

        var cards = DigestCards.Build(zh, await digests.PrepareAsync(CancellationToken.None), "d-1");
        var text = string.Join('\n', cards.Select(Cards.Text));

        Assert.InRange(cards.Count, 1, DigestCards.MaxPosts);
        Assert.All(cards, c => Assert.True(DigestCards.Bytes(c) < 40 * 1024, $"a card is {DigestCards.Bytes(c)} bytes"));
        Assert.Contains("已提交 150/200 个单位", text, StringComparison.Ordinal);
        Assert.Contains("尚未提交的单位（50）", text, StringComparison.Ordinal);
        Assert.Equal(50, text.Split('\n').Count(l => l.StartsWith("• 单位", StringComparison.Ordinal)));
        Assert.Contains("个单位的要点从略", text, StringComparison.Ordinal);
        Assert.Contains("完成 0 · 进行中 0 · 受阻 200 · 未开始 0", text, StringComparison.Ordinal);
    }

    [Fact]
    public void A_10000_unit_committee_is_at_most_three_posts_that_name_as_many_missing_units_as_fit_and_count_the_rest()
    {
        var sample = LargeCommittee();
        var huge = sample with
        {
            Units = Enumerable.Range(1, 10_000).Select(i => new Unit($"unit-{i:00000}", new LocalizedText($"单位{i:00000}", $"Unit {i:00000}"), new LocalizedText($"第{i}所", $"Institute {i}"), sample.Units[0].Contacts)).ToList(),
        };
        var units = huge.Units.Select((u, i) => new UnitDigest(u, i % 3 == 0 ? ReportStatus.Submitted : ReportStatus.NotStarted, i % 3 == 0
            ? new ReportRevision(1, new ReportContent([new string('成', 500), "二"], [new string('重', 500)], null), "aad", "联络员", DateTimeOffset.UnixEpoch)
            : null)).ToList();
        var cells = huge.Units.Select((u, i) => new CellProgress(u.Id, (DirectiveStatus)(i % 4), i % 5 == 0, new string('阻', 1000), new string('需', 1000))).ToList();
        var digest = new Digest(huge, DateTimeOffset.UnixEpoch, units, huge.Directives.Select(d => new DirectiveProgress(d.Id, d.Text, null, cells)).ToList(), new DigestChanges([], [], [], null), []);

        var cards = DigestCards.Build(zh, digest, "d-1");

        Assert.InRange(cards.Count, 1, DigestCards.MaxPosts);
        Assert.All(cards, c => Assert.True(DigestCards.Bytes(c) <= DigestCards.MaxCardBytes, $"a card is {DigestCards.Bytes(c)} bytes"));
        var text = string.Join('\n', cards.Select(Cards.Text));
        var named = text.Split('\n').Count(l => l.StartsWith("• 单位", StringComparison.Ordinal));
        Assert.True(named >= 100, $"only {named} missing units named");
        Assert.Contains($"另有 {digest.Missing.Count - named} 个未提交的单位未在此列出", text, StringComparison.Ordinal);
        Assert.Contains("尚未提交的单位（6666）", text, StringComparison.Ordinal);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private static Committee LargeCommittee()
    {
        var sample = SampleCommittee.Json();
        sample["units"] = new JsonArray(Enumerable.Range(1, UnitCount).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"unit-{i:000}",
            ["shortName"] = new JsonObject { ["zh"] = $"单位{i:000}", ["en"] = $"Unit {i:000}" },
            ["fullName"] = new JsonObject { ["zh"] = $"中国科学院第{i:000}研究所", ["en"] = $"Institute {i:000}" },
            ["contacts"] = new JsonArray(
                new JsonObject { ["name"] = $"联络员甲{i:000}", ["aadObjectId"] = $"00000000-0000-0000-0001-{i:000000000000}" },
                new JsonObject { ["name"] = $"联络员乙{i:000}", ["upn"] = $"contact-b-{i:000}@unit.example.org" }),
        }).ToArray());
        return CommitteeLoader.Parse(sample.ToJsonString(), "large-committee", demoMode: false);
    }

    /// <summary>Every unit blocked on every directive, with a long note: the worst case for size.</summary>
    private sealed class AllBlocked(Committee committee) : IDirectiveProgressSource
    {
        public Task<IReadOnlyList<DirectiveProgress>> GetAsync(CancellationToken cancellationToken)
        {
            IReadOnlyList<DirectiveProgress> list = committee.Directives
                .Select(d => new DirectiveProgress(d.Id, d.Text, null, committee.Units.Select(u => new CellProgress(u.Id, DirectiveStatus.Blocked, true, new string('阻', 900), new string('需', 200))).ToList()))
                .ToList();
            return Task.FromResult(list);
        }
    }
}

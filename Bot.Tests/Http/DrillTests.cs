using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Azure.Storage.Blobs;
using CooperationBot.Reports;
using CooperationBot.Storage;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Http;

/// <summary>
/// Fault drills on Azurite, each bounded in count and time: storage stopped during a burst of submits,
/// and the bot killed (SIGKILL) during one. What a contact was told was saved must be there afterwards.
/// </summary>
public sealed partial class DrillTests : IAsyncLifetime
{
    private const string Apology = "抱歉，我这边出了点问题。已保存的内容不会丢失，请稍后再试。";
    private static readonly string[] BurstUnits = ["dicp", "imr", "iae", "sia"];
    private static readonly string[] DraftUnits = ["iocas", "qibebt"];
    private readonly string committeeFile = WriteCommittee();
    private readonly string container = Azurite.UniqueName("drill");
    private readonly ConcurrentDictionary<string, int> versions = new();
    private FakeBotConnector connector = null!;

    public async Task InitializeAsync() => connector = await FakeBotConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    /// <summary>One submit's outcome as the contact saw it: a stored revision, the polite retry text, or something else.</summary>
    private sealed record Outcome(string Unit, string Text, int? Revision, bool Polite, string Raw, bool Conflict = false)
    {
        public override string ToString() => $"{Unit} '{Text}': {Raw[..Math.Min(Raw.Length, 300)]}";
    }

    [Fact]
    public async Task Storage_stopped_during_a_submit_burst_gets_polite_retries_and_loses_nothing_acknowledged_or_drafted()
    {
        var azurite = await Azurite.StartOwnAsync();
        try
        {
            var settings = new StorageSettings(new Dictionary<string, string?>
            {
                ["Storage:ConnectionString"] = azurite.ConnectionString,
                ["Storage:ContainerName"] = container,
            });
            await using var app = new BotApp(settings, Settings());
            var client = app.CreateClient();
            client.Timeout = TimeSpan.FromSeconds(60);
            foreach (var unit in DraftUnits)
            {
                var draft = await SendAsync(client, unit, "report.save", $"草稿 {unit}");
                Assert.True(draft.Raw.Contains($"草稿 {unit}", StringComparison.Ordinal), draft.ToString());
            }

            var outcomes = new ConcurrentQueue<Outcome>();
            var stopper = Task.Run(async () =>
            {
                while (outcomes.Count(o => o.Revision is not null) < 8)
                {
                    await Task.Delay(10);
                }

                await azurite.StopAsync();
            });

            // Each contact submits again and again; after two polite "try again" answers they stop, as a person would.
            var started = DateTime.UtcNow;
            await Task.WhenAll(BurstUnits.Select(unit => Task.Run(async () =>
            {
                for (var i = 1; i <= 10 && outcomes.Count(o => o.Unit == unit && o.Polite) < 2; i++)
                {
                    outcomes.Enqueue(await SendAsync(client, unit, "report.submit", $"成果 {unit} {i}"));
                }
            })));
            await stopper.WaitAsync(TimeSpan.FromSeconds(30));
            var burst = DateTime.UtcNow - started;

            // A told conflict is right after a "try again" whose write did land: the card then carries the stored version.
            Assert.All(outcomes, o => Assert.True(o.Revision is not null || o.Polite || o.Conflict, o.ToString()));
            Assert.Contains(outcomes, o => o.Polite);

            await azurite.StartAgainAsync();
            var store = new BlobDocumentStore(new BlobContainerClient(azurite.ConnectionString, container));
            await AssertAcknowledgedAreStoredAsync(store, outcomes);
            foreach (var unit in DraftUnits)
            {
                var report = (await store.ReadAsync<UnitReport>(Keys.Report(CycleId, unit), CancellationToken.None))!.Value;
                Assert.Equal([$"草稿 {unit}"], report.Draft!.Content.Achievements);
            }

            // Storage is back: the next submit is stored without restarting the bot.
            var after = await SendAsync(client, "dicp", "report.submit", "恢复后提交");
            if (after.Conflict)
            {
                // Its last "try again" had in fact landed, so the card was stale; the conflict card carries the stored version.
                after = await SendAsync(client, "dicp", "report.submit", "恢复后提交");
            }

            Assert.True(after.Revision is not null, after.ToString());

            Console.WriteLine($"Storage drill: {outcomes.Count(o => o.Revision is not null)} stored, {outcomes.Count(o => o.Polite)} polite retries, burst {burst.TotalSeconds:F1} s");
        }
        finally
        {
            await azurite.StopAsync();
        }
    }

    [Fact]
    public async Task Every_submit_acknowledged_before_the_bot_is_killed_is_stored_after_a_restart()
    {
        var azurite = await Azurite.InstanceAsync();
        var environment = Settings().ToDictionary(p => p.Key.Replace(":", "__", StringComparison.Ordinal), p => p.Value!);
        environment["Storage__ConnectionString"] = azurite.ConnectionString;
        environment["Storage__ContainerName"] = container;
        var bot = await BotProcess.StartAsync(environment);
        using var client = new HttpClient { BaseAddress = bot.BaseUrl, Timeout = TimeSpan.FromSeconds(30) };

        var outcomes = new ConcurrentQueue<Outcome>();
        var killer = Task.Run(async () =>
        {
            while (outcomes.Count(o => o.Revision is not null) < 12)
            {
                await Task.Delay(5);
            }

            bot.Kill();
        });
        await Task.WhenAll(BurstUnits.Select(unit => Task.Run(async () =>
        {
            // Until the bot dies under them (a refused or cut connection ends the contact's run).
            for (var i = 1; i <= 30; i++)
            {
                try
                {
                    outcomes.Enqueue(await SendAsync(client, unit, "report.submit", $"成果 {unit} {i}"));
                }
                catch (HttpRequestException)
                {
                    return;
                }
            }
        })));
        await killer.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(await bot.WaitForExitAsync(TimeSpan.FromSeconds(10)));

        using var restarted = await BotProcess.StartAsync(environment, bot.Port);
        var store = new BlobDocumentStore(new BlobContainerClient(azurite.ConnectionString, container));
        var acknowledged = await AssertAcknowledgedAreStoredAsync(store, outcomes);

        // The restarted bot serves what is stored (which may include a submit answered after the kill began).
        var stored = (await store.ReadAsync<UnitReport>(Keys.Report(CycleId, "dicp"), CancellationToken.None))!.Value.Latest!;
        var shown = await SendAsync(client, "dicp", "report.open", string.Empty);
        Assert.Contains(stored.Content.Achievements[0], shown.Raw, StringComparison.Ordinal);
        Assert.Contains($"第{stored.Number}版", shown.Raw, StringComparison.Ordinal);
        Console.WriteLine($"Kill drill: {acknowledged.Count} acknowledged, all stored; {outcomes.Count} answered before the kill");
    }

    private const string CycleId = "2019-2020";

    private static readonly DocumentKeys Keys = new("cas-shenyang-2020");

    /// <summary>Every acknowledged revision is stored with the text submitted, numbered without gaps; every document is whole.</summary>
    private static async Task<IReadOnlyList<Outcome>> AssertAcknowledgedAreStoredAsync(IDocumentStore store, IEnumerable<Outcome> outcomes)
    {
        var acknowledged = outcomes.Where(o => o.Revision is not null).ToList();
        Assert.NotEmpty(acknowledged);
        foreach (var unit in BurstUnits)
        {
            var report = (await store.ReadAsync<UnitReport>(Keys.Report(CycleId, unit), CancellationToken.None))?.Value;
            var mine = acknowledged.Where(o => o.Unit == unit).ToList();
            if (mine.Count == 0)
            {
                continue;
            }

            Assert.NotNull(report);

            // Earlier revisions are documents of their own, each filed before the report moved past it.
            var earlier = await Task.WhenAll(Enumerable.Range(1, report.RevisionCount - 1).Select(n =>
                store.ReadAsync<ReportRevision>(Keys.ReportRevision(CycleId, unit, n), CancellationToken.None)));
            var revisions = earlier.Select(r => r?.Value).Append(report.Latest).ToList();
            Assert.Equal(Enumerable.Range(1, report.RevisionCount), revisions.Select(r => r?.Number ?? 0));
            foreach (var ack in mine)
            {
                Assert.Equal([ack.Text], revisions[ack.Revision!.Value - 1]!.Content.Achievements);
            }
        }

        foreach (var key in await store.ListKeysAsync("committees/", CancellationToken.None))
        {
            Assert.NotNull(await store.ReadAsync<JsonObject>(key, CancellationToken.None));
        }

        return acknowledged;
    }

    private async Task<Outcome> SendAsync(HttpClient client, string unit, string verb, string text)
    {
        var data = new JsonObject
        {
            ["unitId"] = unit, ["cycleId"] = CycleId, ["baseVersion"] = versions.GetValueOrDefault(unit),
            ["achievements"] = text, ["priorities"] = "重点", ["remark"] = string.Empty,
        };
        var activity = TeamsActivities.CardAction(connector.ServiceUrl, verb, data, aadObjectId: ContactOf(unit));
        var response = await client.PostAsJsonAsync("api/messages", activity);
        var raw = await response.Content.ReadAsStringAsync();
        var body = response.IsSuccessStatusCode && raw.Length > 0 ? JsonNode.Parse(raw) : null;
        var polite = (string?)body?["type"] == "application/vnd.microsoft.activity.message" && (string?)body?["value"] == Apology;
        var revision = verb == "report.submit" && (string?)body?["type"] == "application/vnd.microsoft.card.adaptive" && RevisionText().Match(raw) is { Success: true } m
            ? int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)
            : (int?)null;
        if (BaseVersionText().Match(raw) is { Success: true } version)
        {
            // The contact's next click comes from the card the bot just answered with.
            versions[unit] = int.Parse(version.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        }

        return new Outcome(unit, text, revision, polite, $"{(int)response.StatusCode} {raw}", raw.Contains("在您编辑期间", StringComparison.Ordinal));
    }

    [GeneratedRegex(@"提交，第(\d+)版")]
    private static partial Regex RevisionText();

    [GeneratedRegex(@"""baseVersion"":\s*(\d+)")]
    private static partial Regex BaseVersionText();

    private static string ContactOf(string unit) => $"00000000-0000-4000-8000-{BurstUnits.Concat(DraftUnits).ToList().IndexOf(unit) + 1:D12}";

    private Dictionary<string, string?> Settings() => new()
    {
        ["Committee:File"] = committeeFile,
        ["Committee:DemoMode"] = "false",
        ["Outbox:Enabled"] = "false",
        ["Scheduler:Enabled"] = "false",
    };

    /// <summary>The sample committee with one contact (by object id) for each unit the drills use.</summary>
    private static string WriteCommittee()
    {
        var committee = SampleCommittee.Json();
        foreach (var unit in committee["units"]!.AsArray())
        {
            var id = (string)unit!["id"]!;
            if (BurstUnits.Contains(id) || DraftUnits.Contains(id))
            {
                unit["contacts"] = new JsonArray(new JsonObject { ["name"] = $"{id} 联络员", ["aadObjectId"] = ContactOf(id) });
            }
        }

        var file = Path.Combine(Directory.CreateTempSubdirectory("drill-committee-").FullName, "committee.json");
        File.WriteAllText(file, committee.ToJsonString());
        return file;
    }
}

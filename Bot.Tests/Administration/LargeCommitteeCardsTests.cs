using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Teams.Digests;
using CooperationBot.Tests.Conversations;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Administration;

/// <summary>At a large committee (500 units with long names; the unit list is paged, so more units change nothing) and at the limits (50 organisers, 50 long directives, an import changing every unit) each committee card still fits a Teams message.</summary>
public sealed class LargeCommitteeCardsTests : IDisposable
{
    private readonly string folder = Directory.CreateTempSubdirectory("large-committee-").FullName;
    private readonly BotHarness bot;

    public LargeCommitteeCardsTests()
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "test-committee.json")), documentOptions: new() { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!.AsObject();
        json["units"] = new JsonArray(Enumerable.Range(1, 500).Select(i => (JsonNode)new JsonObject
        {
            ["id"] = $"unit-{i:000}",
            ["shortName"] = new JsonObject { ["zh"] = $"第{i:000}研究所简称" + new string('长', 80), ["en"] = $"Unit {i:000}" + new string('x', 80) },
            ["fullName"] = new JsonObject { ["zh"] = $"中国科学院第{i:000}研究所", ["en"] = $"Institute {i:000}" },
            ["contacts"] = new JsonArray(Enumerable.Range(1, 3).Select(j => (JsonNode)new JsonObject { ["name"] = $"联络员{i:000}-{j}" + new string('名', 60), ["aadObjectId"] = $"aad-{i}-{j}" }).ToArray()),
        }).ToArray());
        json["organisers"] = new JsonArray(Enumerable.Range(1, CommitteeLimits.MaxOrganisers)
            .Select(i => (JsonNode)new JsonObject { ["name"] = i == 1 ? "马越红" : $"组织者{i}" + new string('名', 90), ["aadObjectId"] = i == 1 ? "aad-organiser" : $"aad-org-{i}" }).ToArray());
        json["directives"] = new JsonArray(Enumerable.Range(1, CommitteeLimits.MaxDirectives)
            .Select(i => (JsonNode)new JsonObject { ["id"] = $"d{i}", ["text"] = new JsonObject { ["zh"] = new string('务', 1000), ["en"] = new string('d', 1000) } }).ToArray());
        var file = Path.Combine(folder, "committee.json");
        File.WriteAllText(file, json.ToJsonString());
        bot = new BotHarness(file);
    }

    private static void Fits(JObject card) => Assert.True(DigestCards.Bytes(card) < DigestCards.MaxCardBytes, $"the card is {DigestCards.Bytes(card)} bytes: {Cards.Text(card)[..Math.Min(300, Cards.Text(card).Length)]}");

    [Fact]
    public async Task Every_committee_card_fits_in_one_teams_message_in_a_large_committee()
    {
        var committee = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "委员会")));
        Fits(committee);
        Assert.Contains("……另有490个单位", Cards.Text(committee), StringComparison.Ordinal);
        Fits(await bot.ExecuteAsync(TestUser.Organiser, "committee.units", new JObject { ["page"] = 33 }));
        Fits(await bot.ExecuteAsync(TestUser.Organiser, "committee.organisers.edit", []));
        Fits(await bot.ExecuteAsync(TestUser.Organiser, "committee.directives.edit", []));
        Fits(await bot.ExecuteAsync(TestUser.Organiser, "reports.pastCycle", new JObject { ["cycleId"] = "2019-2020", ["page"] = "not a number" }));

        // An import renaming every unit and replacing every contact, then units moved about: the history pages.
        var repository = bot.Get<CommitteeRepository>();
        await repository.UpdateAsync(
            c => c with { Units = c.Units.Select(u => u with { ShortName = new LocalizedText(u.ShortName.Zh + "新", u.ShortName.En + "n"), Contacts = [new Person("新联络人" + u.Id, "aad-new-" + u.Id, null)] }).ToList() },
            new UserIdentity("aad-organiser", "马越红"), "import committee.xlsx", CancellationToken.None);
        for (var i = 0; i < 30; i++)
        {
            await bot.ExecuteAsync(TestUser.Organiser, i % 2 == 0 ? "committee.units.down" : "committee.units.up", new JObject { ["unitId"] = "unit-001", ["page"] = 0 });
        }

        var history = Cards.Single(await bot.SendAsync(BotHarness.Message(TestUser.Organiser, "历史 委员会")));
        Fits(history);
        var pages = 1;
        while (Cards.Actions(history).Any(a => (string?)a["verb"] == "committee.history" && a["data"]?["before"] is not null) && pages < 10)
        {
            var older = Cards.Actions(history).Single(a => (string?)a["verb"] == "committee.history");
            history = await bot.ExecuteAsync(TestUser.Organiser, "committee.history", (JObject)older["data"]!);
            Fits(history);
            pages++;
        }

        Assert.Contains("import committee.xlsx", Cards.Text(history), StringComparison.Ordinal);
        Assert.Contains("……另有1490项变更", Cards.Text(history), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        bot.Dispose();
        Directory.Delete(folder, recursive: true);
    }
}

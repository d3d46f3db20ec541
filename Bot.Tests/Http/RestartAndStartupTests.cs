using System.Text.Json.Nodes;
using CooperationBot.Committees;
using CooperationBot.Hosting;
using CooperationBot.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;

namespace CooperationBot.Tests.Http;

public sealed class RestartAndStartupTests : IAsyncLifetime
{
    private FakeBotConnector connector = null!;

    public async Task InitializeAsync() => connector = await FakeBotConnector.StartAsync();

    public async Task DisposeAsync() => await connector.DisposeAsync();

    public static TheoryData<string> Stores => ["local folder", "Azure Blob Storage (Azurite)"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task A_submitted_report_survives_a_restart_of_the_bot(string store)
    {
        var settings = store == "local folder" ? StorageSettings.LocalFolder() : await StorageSettings.AzuriteAsync();
        var data = new JsonObject
        {
            ["unitId"] = "dicp",
            ["cycleId"] = "2019-2020",
            ["baseVersion"] = 0,
            ["achievements"] = "与延长石油、中石油、华为、茅台建立战略合作",
            ["priorities"] = "谋划榆林国家能源革命创新示范区",
            ["remark"] = string.Empty,
        };
        await using (var before = new BotApp(settings))
        {
            var response = await before.PostActivityAsync(TeamsActivities.CardAction(connector.ServiceUrl, "report.submit", data));
            Assert.True(response.IsSuccessStatusCode);
        }

        await using var after = new BotApp(settings);
        await after.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "填报"));

        var reply = await connector.WaitForAsync(c => c.Activity?["attachments"] is not null);
        var card = Readable(reply.Activity!["attachments"]![0]!["content"]!);
        Assert.Contains("第1版", card, StringComparison.Ordinal);
        Assert.Contains("与延长石油、中石油、华为、茅台建立战略合作", card, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_contact_listed_only_by_upn_is_recognised_through_the_teams_member_lookup()
    {
        var committee = SampleCommittee.Json();
        var file = Path.Combine(Directory.CreateTempSubdirectory("committee-").FullName, "committee.json");
        await File.WriteAllTextAsync(file, committee.ToJsonString());
        const string aad = "5b6a2f1e-0000-4000-8000-00000000abcd";
        connector.Members["29:1" + aad] = (aad, "contact@imr.example.org", "金属所联络员");
        await using var app = new BotApp(StorageSettings.LocalFolder(), new Dictionary<string, string?> { ["Committee:File"] = file, ["Committee:DemoMode"] = "false" });

        await app.PostActivityAsync(TeamsActivities.PersonalMessage(connector.ServiceUrl, "填报", aadObjectId: aad, name: "金属所联络员"));

        var reply = await connector.WaitForAsync(c => c.Activity?["attachments"] is not null);
        Assert.Contains("金属所 — 2019年度成果", Readable(reply.Activity!["attachments"]![0]!["content"]!), StringComparison.Ordinal);
        Assert.Contains(connector.Calls, c => c.Method == "POST");
    }

    private static string Readable(JsonNode node) =>
        node.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    [Fact]
    public void An_invalid_committee_file_stops_start_up_naming_the_field()
    {
        var committee = SampleCommittee.Json();
        committee["units"]![0]!["shortName"]!.AsObject().Remove("zh");
        var file = Path.Combine(Directory.CreateTempSubdirectory("committee-").FullName, "committee.json");
        File.WriteAllText(file, committee.ToJsonString());
        using var app = new BotApp(StorageSettings.LocalFolder(), new Dictionary<string, string?> { ["Committee:File"] = file });

        var error = Assert.Throws<CommitteeConfigurationException>(() => app.CreateClient());

        Assert.Contains("units[0].shortName.zh: is required", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://0.0.0.0:5000")]
    [InlineData("http://+:80")]
    [InlineData("http://127.0.0.1:3978;http://192.168.1.5:3978")]
    public void Without_an_app_id_the_bot_refuses_to_listen_beyond_loopback(string urls)
    {
        var builder = WebApplication.CreateBuilder(["--urls", urls]);

        var error = Assert.Throws<InvalidOperationException>(() => LocalHosting.Apply(builder));

        Assert.Contains("loopback only", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("http://127.0.0.1:3978")]
    [InlineData("http://localhost:5000;http://[::1]:5001")]
    public void Without_an_app_id_loopback_addresses_are_accepted(string urls)
    {
        var builder = WebApplication.CreateBuilder(["--urls", urls]);

        LocalHosting.Apply(builder);

        Assert.Equal(urls, builder.Configuration["urls"]);
    }

    [Fact]
    public void With_an_app_id_any_address_is_allowed_because_requests_are_authenticated()
    {
        var builder = WebApplication.CreateBuilder(["--urls", "http://0.0.0.0:8080", "--MicrosoftAppId", Guid.NewGuid().ToString()]);

        LocalHosting.Apply(builder);

        Assert.False(LocalHosting.IsAnonymous(builder.Configuration));
    }
}

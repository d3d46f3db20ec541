using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CooperationBot.Storage;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace CooperationBot.Tests.Http;

/// <summary>When a turn fails the bot apologises if it can; when even that fails, the request still ends normally.</summary>
public sealed class TurnErrorTests : BotOverHttp
{
    [Theory]
    [InlineData(500)]
    [InlineData(429)]
    [InlineData(403)]
    public async Task When_the_connector_refuses_the_reply_and_the_apology_the_request_does_not_fail(int status)
    {
        var attempts = 0;
        Connector.Fault = _ =>
        {
            Interlocked.Increment(ref attempts);
            return (status, TimeSpan.FromMilliseconds(10));
        };

        var response = await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "帮助"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);

        // The reply was tried, then the apology: both refused, neither escaped.
        Assert.True(attempts >= 2, $"{attempts} connector calls");
    }

    [Fact]
    public async Task When_the_reply_fails_the_user_gets_the_apology_in_their_language()
    {
        Connector.Fault = call => call.Activity?["attachments"] is not null ? (500, null) : null;

        var response = await App.PostActivityAsync(TeamsActivities.PersonalMessage(Connector.ServiceUrl, "填报"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var apology = await Connector.WaitForAsync(c => c.Activity?["text"] is not null);
        Assert.Equal("抱歉，我这边出了点问题。已保存的内容不会丢失，请稍后再试。", (string?)apology.Activity!["text"]);
    }

    [Fact]
    public async Task A_conversation_id_the_connector_cannot_route_does_not_fail_the_request()
    {
        var activity = TeamsActivities.PersonalMessage(Connector.ServiceUrl, "帮助");
        activity["conversation"]!["id"] = "a:1/../../v3/odd?id=#%00";

        var response = await App.PostActivityAsync(activity);

        Assert.NotEqual(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"status {response.StatusCode}");
    }

    [Fact]
    public async Task A_card_action_whose_storage_call_fails_answers_with_the_polite_retry_text()
    {
        var folder = Directory.CreateTempSubdirectory("bot-failing-").FullName;
        await using var failing = App.WithWebHostBuilder(b => b.ConfigureTestServices(services =>
            services.AddSingleton<IDocumentStore>(new ReportsUnavailable(new LocalFolderStore(folder)))));
        var invoke = TeamsActivities.CardAction(Connector.ServiceUrl, "report.submit", new JsonObject
        {
            ["unitId"] = "dicp",
            ["cycleId"] = "2019-2020",
            ["baseVersion"] = 0,
            ["achievements"] = "成果",
            ["priorities"] = "重点",
            ["remark"] = string.Empty,
        });

        var response = await failing.CreateClient().PostAsJsonAsync("/api/messages", invoke);

        // Teams shows a message response next to the card, which keeps what the user typed.
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("application/vnd.microsoft.activity.message", (string?)body["type"]);
        Assert.Equal("抱歉，我这边出了点问题。已保存的内容不会丢失，请稍后再试。", (string?)body["value"]);
    }

    /// <summary>A store whose report documents cannot be reached (the storage drill does this with a stopped Azurite).</summary>
    private sealed class ReportsUnavailable(IDocumentStore inner) : IDocumentStore
    {
        public Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
            where T : class => Reports(key) ? throw Unavailable() : inner.ReadAsync<T>(key, cancellationToken);

        public Task<string> WriteAsync<T>(string key, T value, string? ifMatch, CancellationToken cancellationToken)
            where T : class => Reports(key) ? throw Unavailable() : inner.WriteAsync(key, value, ifMatch, cancellationToken);

        public Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken) => inner.ListKeysAsync(prefix, cancellationToken);

        public Task DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken) => inner.DeleteAsync(key, ifMatch, cancellationToken);

        public Task CheckHealthAsync(CancellationToken cancellationToken) => inner.CheckHealthAsync(cancellationToken);

        private static bool Reports(string key) => key.Contains("/reports/", StringComparison.Ordinal) || key.EndsWith("/state", StringComparison.Ordinal);

        private static IOException Unavailable() => new("Storage is unreachable (injected by the test).");
    }
}

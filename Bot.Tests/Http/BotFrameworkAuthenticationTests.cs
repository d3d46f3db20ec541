using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Http;

/// <summary>
/// The bot with an app id, as a real process checking real RS256 tokens against a loopback OpenID
/// configuration and key set (Bot Framework's settings point it there instead of the public ones).
/// </summary>
public sealed class AuthenticatedBot : IAsyncLifetime
{
    public string AppId { get; } = Guid.NewGuid().ToString();

    public FakeBotFrameworkIssuer Issuer { get; private set; } = null!;

    public FakeBotConnector Connector { get; private set; } = null!;

    public BotProcess Bot { get; private set; } = null!;

    public string StoreFolder { get; } = Directory.CreateTempSubdirectory("bot-auth-").FullName;

    public async Task InitializeAsync()
    {
        Issuer = await FakeBotFrameworkIssuer.StartAsync();
        Connector = await FakeBotConnector.StartAsync();
        var environment = BotEnvironment.Authenticated(AppId, Issuer.MetadataUrl, Issuer.CertificateFile);
        environment["Storage__LocalFolder"] = StoreFolder;
        environment["Committee__DemoMode"] = "true";

        // The store is compared before and after refused requests: no background writer (the outbox renews its lease) may run.
        environment["Outbox__Enabled"] = "false";
        environment["Scheduler__Enabled"] = "false";
        Bot = await BotProcess.StartAsync(environment);
    }

    public async Task DisposeAsync()
    {
        Bot?.Dispose();
        await Connector.DisposeAsync();
        await Issuer.DisposeAsync();
    }

    /// <summary>
    /// Every stored document with its content, to compare before and after; the outbox lease is left out
    /// (the dispatching instance renews it on its own clock, whatever the requests).
    /// </summary>
    public Dictionary<string, string> StoredDocuments() => Infrastructure.StoredDocuments.In(StoreFolder, key => key.EndsWith("outbox-lease", StringComparison.Ordinal));
}

public sealed class BotFrameworkAuthenticationTests(AuthenticatedBot fixture) : IClassFixture<AuthenticatedBot>
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(30) };

    private JsonObject Submit(string achievement) => TeamsActivities.CardAction(fixture.Connector.ServiceUrl, "report.submit", new JsonObject
    {
        ["unitId"] = "dicp",
        ["cycleId"] = "2019-2020",
        ["baseVersion"] = 0,
        ["achievements"] = achievement,
        ["priorities"] = "谋划示范区",
        ["remark"] = string.Empty,
    });

    private async Task<HttpResponseMessage> PostAsync(JsonObject activity, string? authorization)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Bot.BaseUrl, "api/messages")) { Content = JsonContent.Create(activity) };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return await Http.SendAsync(request);
    }

    public static TheoryData<string> Refused =>
    [
        "missing",
        "empty bearer",
        "malformed",
        "three dots of garbage",
        "basic scheme",
        "unsigned",
        "wrong signature",
        "expired",
        "wrong audience",
        "wrong issuer",
        "issued for another serviceUrl",
    ];

    private string? Header(string how)
    {
        var issuer = fixture.Issuer;
        var serviceUrl = fixture.Connector.ServiceUrl;
        using var stranger = RSA.Create(2048);
        return how switch
        {
            "missing" => null,
            "empty bearer" => "Bearer ",
            "malformed" => "Bearer not-a-token",
            "three dots of garbage" => "Bearer a.b.c",
            "basic scheme" => "Basic dXNlcjpwYXNzd29yZA==",
            "unsigned" => "Bearer " + FakeBotFrameworkIssuer.Unsigned(fixture.AppId, serviceUrl),
            "wrong signature" => "Bearer " + issuer.Token(fixture.AppId, serviceUrl, signWith: stranger),
            "expired" => "Bearer " + issuer.Token(fixture.AppId, serviceUrl, expires: DateTime.UtcNow.AddHours(-1)),
            "wrong audience" => "Bearer " + issuer.Token(Guid.NewGuid().ToString(), serviceUrl),
            "wrong issuer" => "Bearer " + issuer.Token(fixture.AppId, serviceUrl, issuer: "https://issuer.example.org"),
            "issued for another serviceUrl" => "Bearer " + issuer.Token(fixture.AppId, new Uri("https://smba.trafficmanager.net/emea/")),
            _ => throw new ArgumentOutOfRangeException(nameof(how), how, null),
        };
    }

    [Fact]
    public async Task A_valid_token_is_accepted_and_the_submission_stored()
    {
        var token = fixture.Issuer.Token(fixture.AppId, fixture.Connector.ServiceUrl);

        var response = await PostAsync(Submit("与华为合作"), "Bearer " + token);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("已由Alex Wilber于", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains(fixture.StoredDocuments().Values, d => d.Contains("与华为合作", StringComparison.Ordinal));
        Assert.True(fixture.Issuer.MetadataRequests > 0);
    }

    [Theory]
    [MemberData(nameof(Refused))]
    public async Task A_request_with_a_bad_token_gets_401_and_nothing_is_processed_or_stored(string how)
    {
        var before = fixture.StoredDocuments();
        var calls = fixture.Connector.Calls.Count;
        var mark = fixture.Bot.OutputMark;

        var response = await PostAsync(Submit("冒名提交 " + how), Header(how));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal(before, fixture.StoredDocuments());
        Assert.Equal(calls, fixture.Connector.Calls.Count);
        await Task.Delay(200);
        var log = fixture.Bot.OutputSince(mark);
        Assert.Contains("Refused a request to /api/messages with 401", log, StringComparison.Ordinal);
        Assert.DoesNotMatch(new Regex(@"^\s+at \S+\(", RegexOptions.Multiline), log);
    }

    [Fact]
    public async Task An_unauthenticated_request_is_refused_before_its_body_is_read()
    {
        // 28 MB announced, 64 KB sent, then nothing: a bot that reads the body first never answers.
        var response = await RawHttp.PostAsync(fixture.Bot.Port, 28 * 1024 * 1024, TimeSpan.FromSeconds(10), stallAfter: 64 * 1024);

        Assert.Equal(401, response.Status);
    }

    [Fact]
    public async Task Six_concurrent_28_MB_unauthenticated_posts_do_not_grow_the_bot()
    {
        var before = fixture.Bot.ResidentBytes;

        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ => RawHttp.PostAsync(fixture.Bot.Port, 28 * 1024 * 1024, TimeSpan.FromSeconds(60))));

        var grown = fixture.Bot.ResidentBytes - before;
        Assert.All(responses, r => Assert.Equal(401, r.Status));
        var measured = $"resident memory grew by {grown / 1024 / 1024} MB ({before / 1024 / 1024} MB before)";
        Assert.True(grown < 64 * 1024 * 1024, measured);
        Console.WriteLine("Six 28 MB unauthenticated posts: " + measured);
    }
}

public sealed class UnreachableMetadataTests
{
    [Fact]
    public async Task When_the_signing_keys_cannot_be_fetched_requests_are_refused_with_401_and_no_stack_trace()
    {
        var issuer = await FakeBotFrameworkIssuer.StartAsync();
        var metadata = issuer.MetadataUrl;
        var token = issuer.Token("00000000-0000-0000-0000-0000000000aa", new Uri("http://127.0.0.1:9/"));
        await issuer.DisposeAsync();
        await using var connector = await FakeBotConnector.StartAsync();
        var environment = BotEnvironment.Authenticated("00000000-0000-0000-0000-0000000000aa", metadata, issuer.CertificateFile);
        environment["Storage__LocalFolder"] = Directory.CreateTempSubdirectory("bot-nokeys-").FullName;
        using var bot = await BotProcess.StartAsync(environment);
        var mark = bot.OutputMark;
        var activity = TeamsActivities.PersonalMessage(new Uri("http://127.0.0.1:9/"), "填报");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(bot.BaseUrl, "api/messages")) { Content = JsonContent.Create(activity) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        await Task.Delay(300);
        var log = bot.OutputSince(mark);
        Assert.DoesNotMatch(new Regex(@"^\s+at \S+\(", RegexOptions.Multiline), log);
        Assert.Contains("signing keys", log, StringComparison.Ordinal);
    }
}

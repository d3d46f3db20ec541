using System.Diagnostics;
using System.Text.Json.Nodes;
using Azure.Core;
using CooperationBot.Graph;
using CooperationBot.Reach;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;

namespace CooperationBot.Tests.Graph;

/// <summary>The real GraphServiceClient, as the bot configures it, against a loopback Graph speaking Graph's wire format.</summary>
public sealed class GraphDirectoryTests : IAsyncLifetime
{
    private const string TeamsAppId = "7b0e9a31-2c4d-4f6a-8b1e-5d3c2a190f77";
    private const string CatalogAppId = "22f73bbe-f67a-4dea-bd54-54cac718cb2b";
    private FakeGraph graph = null!;

    public async Task InitializeAsync()
    {
        graph = await FakeGraph.StartAsync();
        graph.Catalog[TeamsAppId] = CatalogAppId;
    }

    public async Task DisposeAsync() => await graph.DisposeAsync();

    private GraphOptions Options(int maxRetries = 3, TimeSpan? timeout = null) => new()
    {
        Enabled = true,
        BaseUrl = graph.BaseUrl,
        Authentication = GraphAuthentication.None,
        TeamsAppId = TeamsAppId,
        MaxRetries = maxRetries,
        Timeout = timeout ?? TimeSpan.FromSeconds(30),
    };

    private GraphDirectory Directory(GraphOptions? options = null, TokenCredential? credential = null)
    {
        options ??= Options();
        return new GraphDirectory(GraphClients.Create(options, credential), options, NullLogger<GraphDirectory>.Instance);
    }

    [Fact]
    public async Task A_person_listed_by_upn_is_found_asking_only_for_the_fields_the_bot_uses()
    {
        var user = graph.AddUser("contact@dicp.example.org", "大连化物所联络员");

        var found = await Directory().FindByAddressAsync("contact@dicp.example.org", CancellationToken.None);

        Assert.Equal(new DirectoryUser(user.Id, "contact@dicp.example.org", "contact@dicp.example.org", "大连化物所联络员"), found.Value);
        var request = Assert.Single(graph.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/v1.0/users/contact%40dicp.example.org", request.RawPath);
        Assert.Equal("id,userPrincipalName,mail,displayName", request.QueryValue("$select"));
        Assert.Single(request.Query);
        Assert.Equal("application/json", request.Headers["Accept"]);
        Assert.StartsWith("graph-dotnet-core/", request.Headers["SdkVersion"], StringComparison.Ordinal);
        Assert.True(Guid.TryParse(request.Headers["client-request-id"], out _));
        Assert.False(request.Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task A_person_listed_by_an_email_address_that_is_not_their_upn_is_found_by_mail()
    {
        var user = graph.AddUser("z.wang@dicp.example.org", "王兆", mail: "wang.zhao@dicp.example.org");

        var found = await Directory().FindByAddressAsync("wang.zhao@dicp.example.org", CancellationToken.None);

        Assert.Equal(user.Id, found.Value?.Id);
        Assert.Collection(
            graph.Requests,
            first => Assert.Equal("/v1.0/users/wang.zhao%40dicp.example.org", first.RawPath),
            second =>
            {
                Assert.Equal("/v1.0/users", second.RawPath);
                Assert.Equal("mail eq 'wang.zhao@dicp.example.org'", second.QueryValue("$filter"));
                Assert.Equal("id,userPrincipalName,mail,displayName", second.QueryValue("$select"));
            });
    }

    [Fact]
    public async Task Someone_in_neither_field_is_not_in_the_directory_and_quotes_in_the_address_cannot_break_the_filter()
    {
        var found = await Directory().FindByAddressAsync("o'brien@example.org", CancellationToken.None);

        Assert.Null(found.Value);
        Assert.Equal(ReachFailure.NotInDirectory, found.Problem?.Reason);
        Assert.Equal("mail eq 'o''brien@example.org'", graph.Requests.Last().QueryValue("$filter"));
    }

    [Fact]
    public async Task Installing_finds_the_app_by_its_manifest_id_posts_the_documented_binding_and_returns_the_chat()
    {
        var user = graph.AddUser("contact@imr.example.org", "金属所联络员");
        var directory = Directory();

        var installation = await directory.InstallAppAsync(user.Id, CancellationToken.None);
        var chat = await directory.ChatIdAsync(user.Id, installation.Value!, CancellationToken.None);

        Assert.Equal(FakeGraph.InstallationIdOf(user.Id, CatalogAppId), installation.Value);
        Assert.Equal(FakeGraph.ChatIdOf(user.Id), chat.Value);
        var catalog = Assert.Single(graph.RequestsTo("GET", "/v1.0/appCatalogs"));
        Assert.Equal("/v1.0/appCatalogs/teamsApps", catalog.RawPath);
        Assert.Equal($"externalId eq '{TeamsAppId}'", catalog.QueryValue("$filter"));
        Assert.Equal("id,externalId,displayName", catalog.QueryValue("$select"));
        var post = Assert.Single(graph.RequestsTo("POST", "/v1.0/users"));
        Assert.Equal($"/v1.0/users/{user.Id}/teamwork/installedApps", post.RawPath);
        Assert.StartsWith("application/json", post.Headers["Content-Type"], StringComparison.Ordinal);
        var expected = new JsonObject
        {
            ["@odata.type"] = "#microsoft.graph.userScopeTeamsAppInstallation",
            ["teamsApp@odata.bind"] = $"{graph.BaseUrl}/appCatalogs/teamsApps/{CatalogAppId}",
        };
        Assert.True(JsonNode.DeepEquals(expected, JsonNode.Parse(post.Body!)), post.Body);
        var list = graph.RequestsTo("GET", $"/v1.0/users/{user.Id}/teamwork/installedApps").First();
        Assert.Equal($"teamsApp/externalId eq '{TeamsAppId}'", list.QueryValue("$filter"));
        Assert.Equal("teamsApp", list.QueryValue("$expand"));
        var chatRequest = graph.Requests.Last();
        Assert.Equal($"/v1.0/users/{user.Id}/teamwork/installedApps/{Uri.EscapeDataString(installation.Value!)}/chat", chatRequest.RawPath);
        Assert.Equal("id", chatRequest.QueryValue("$select"));
    }

    [Fact]
    public async Task An_app_already_installed_answers_409_and_counts_as_installed()
    {
        var user = graph.AddUser("contact@iae.example.org", "沈阳生态所联络员");
        var first = await Directory().InstallAppAsync(user.Id, CancellationToken.None);

        var again = await Directory().InstallAppAsync(user.Id, CancellationToken.None);

        Assert.Equal(first.Value, again.Value);
        Assert.Equal(2, graph.RequestsTo("POST", "/v1.0/users").Count);
        Assert.True(graph.IsInstalledFor(user.Id));
    }

    [Theory]
    [InlineData("App is blocked by app permission policy. TenantId: 72f988bf, UserObjectId: u, AppId: a, AppType: Private", ReachFailure.BlockedByPolicy, null)]
    [InlineData("Failed to get license information for the user. Ensure user has a valid Office365 license assigned to them.", ReachFailure.NotLicensed, null)]
    [InlineData("Missing role permissions on the request. API requires one of 'TeamsAppInstallation.ReadWriteSelfForUser.All'. Roles on the request ''.", ReachFailure.MissingPermission, "TeamsAppInstallation.ReadWriteSelfForUser.All")]
    public async Task A_403_on_installing_tells_policy_licence_and_missing_permission_apart(string message, ReachFailure reason, string? detail)
    {
        var user = graph.AddUser("contact@sia.example.org", "沈阳自动化所联络员");
        graph.Fault = r => r.Method == "POST" ? new GraphFault(403, "Forbidden", message) : null;

        var installed = await Directory().InstallAppAsync(user.Id, CancellationToken.None);

        Assert.Equal(new DirectoryProblem(reason, detail), installed.Problem);
    }

    [Fact]
    public async Task Missing_consent_for_reading_users_or_the_catalog_names_that_permission()
    {
        var user = graph.AddUser("contact@yic.example.org", "烟台海岸带所联络员");
        graph.Fault = r => new GraphFault(403, "Authorization_RequestDenied", "Insufficient privileges to complete the operation.");

        var lookup = await Directory().FindByAddressAsync(user.UserPrincipalName, CancellationToken.None);
        var install = await Directory().InstallAppAsync(user.Id, CancellationToken.None);

        Assert.Equal(new DirectoryProblem(ReachFailure.MissingPermission, "User.Read.All"), lookup.Problem);
        Assert.Equal(new DirectoryProblem(ReachFailure.MissingPermission, "AppCatalog.Read.All"), install.Problem);
    }

    [Fact]
    public async Task An_app_missing_from_the_org_catalog_is_reported_and_looked_up_again_next_time()
    {
        var user = graph.AddUser("contact@sky.example.org", "沈阳科仪公司联络员");
        graph.Catalog.Clear();
        var directory = Directory();

        var before = await directory.InstallAppAsync(user.Id, CancellationToken.None);
        graph.Catalog[TeamsAppId] = CatalogAppId;
        var after = await directory.InstallAppAsync(user.Id, CancellationToken.None);

        Assert.Equal(ReachFailure.NotInCatalog, before.Problem?.Reason);
        Assert.NotNull(after.Value);
        Assert.Equal(2, graph.RequestsTo("GET", "/v1.0/appCatalogs").Count);
    }

    [Fact]
    public async Task A_user_teams_does_not_know_answers_404_on_install_which_means_no_teams_licence()
    {
        var found = await Directory().InstallAppAsync(Guid.NewGuid().ToString(), CancellationToken.None);

        Assert.Equal(ReachFailure.NotLicensed, found.Problem?.Reason);
    }

    [Fact]
    public async Task Throttling_with_retry_after_is_waited_out_by_the_sdk_and_the_call_succeeds()
    {
        var user = graph.AddUser("contact@qibebt.example.org", "青岛生物能源所联络员");
        var throttled = 0;
        graph.Fault = r => r.Method == "POST" && Interlocked.Increment(ref throttled) == 1
            ? new GraphFault(429, "TooManyRequests", "Application is over its MailboxConcurrency limit.", RetryAfterSeconds: 1)
            : null;

        var installed = await Directory().InstallAppAsync(user.Id, CancellationToken.None);

        Assert.NotNull(installed.Value);
        var posts = graph.RequestsTo("POST", "/v1.0/users");
        Assert.Equal(2, posts.Count);
        Assert.True(posts[1].At - posts[0].At >= TimeSpan.FromMilliseconds(900), $"retried after {(posts[1].At - posts[0].At).TotalMilliseconds} ms, before Retry-After");
        Assert.Equal("1", posts[1].Headers["Retry-Attempt"]);
        Assert.Equal(posts[0].Body, posts[1].Body);
    }

    [Fact]
    public async Task A_service_still_unavailable_after_the_retries_is_reported_as_graph_unavailable()
    {
        var user = graph.AddUser("contact@sict.example.org", "沈阳计算所公司联络员");
        graph.Fault = r => r.Path.EndsWith("/chat", StringComparison.Ordinal) ? new GraphFault(503, "ServiceUnavailable", "Service Unavailable", RetryAfterSeconds: 1) : null;
        var directory = Directory(Options(maxRetries: 1));
        var installation = await directory.InstallAppAsync(user.Id, CancellationToken.None);

        var chat = await directory.ChatIdAsync(user.Id, installation.Value!, CancellationToken.None);

        Assert.Equal(ReachFailure.GraphUnavailable, chat.Problem?.Reason);
        Assert.Equal(2, graph.Requests.Count(r => r.Path.EndsWith("/chat", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_graph_that_does_not_answer_in_time_is_reported_as_graph_unavailable()
    {
        graph.Fault = _ => new GraphFault(200, "never", "never", Delay: TimeSpan.FromSeconds(20));
        var stopwatch = Stopwatch.StartNew();

        var found = await Directory(Options(timeout: TimeSpan.FromSeconds(1))).FindByAddressAsync("contact@dicp.example.org", CancellationToken.None);

        Assert.Equal(ReachFailure.GraphUnavailable, found.Problem?.Reason);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(15), "the call waited for the slow answer instead of timing out");
    }

    [Fact]
    public async Task With_a_credential_every_call_carries_its_token_for_the_configured_clouds_scope()
    {
        graph.AddUser("contact@dicp.example.org", "大连化物所联络员");
        var credential = new RecordingCredential();
        var options = Options();
        options.Authentication = GraphAuthentication.ManagedIdentity;

        await Directory(options, credential).FindByAddressAsync("contact@dicp.example.org", CancellationToken.None);

        Assert.Equal("Bearer token-for-test", graph.Requests.Single().Headers["Authorization"]);
        Assert.Equal([$"http://{graph.BaseUrl.Authority}/.default"], credential.Scopes.Distinct());
    }

    [Theory]
    [InlineData("https://graph.microsoft.com/v1.0", "https://graph.microsoft.com/.default")]
    [InlineData("https://microsoftgraph.chinacloudapi.cn/v1.0", "https://microsoftgraph.chinacloudapi.cn/.default")]
    public void The_token_scope_follows_the_graph_cloud_of_the_base_url(string baseUrl, string scope) =>
        Assert.Equal(scope, new GraphOptions { BaseUrl = new Uri(baseUrl) }.Scope);

    /// <summary>An Azure.Core credential that hands out a fixed token and remembers the scopes asked for.</summary>
    private sealed class RecordingCredential : TokenCredential
    {
        public List<string> Scopes { get; } = [];

        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
        {
            lock (Scopes)
            {
                Scopes.AddRange(requestContext.Scopes);
            }

            return new AccessToken("token-for-test", DateTimeOffset.UtcNow.AddHours(1));
        }

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            ValueTask.FromResult(GetToken(requestContext, cancellationToken));
    }
}

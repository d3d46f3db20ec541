using CooperationBot.Graph;
using CooperationBot.Reach;
using CooperationBot.Tests.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CooperationBot.Tests.Graph;

public sealed class GraphSettingsTests
{
    private const string TeamsAppId = "7b0e9a31-2c4d-4f6a-8b1e-5d3c2a190f77";

    private static GraphOptions Resolve(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddSingleton<IConfiguration>(configuration).AddGraphDirectory();
        services.AddLogging();
        return services.BuildServiceProvider().GetRequiredService<IOptions<GraphOptions>>().Value;
    }

    private static IReadOnlyList<string> Problems(GraphOptions options) =>
        new GraphOptionsValidation().Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void Graph_is_off_in_local_and_demo_use_and_on_for_a_bot_with_an_app_id_and_its_teams_app_id()
    {
        Assert.False(Resolve([]).IsEnabled);
        Assert.False(Resolve(new() { ["MicrosoftAppId"] = Guid.NewGuid().ToString(), ["Graph:TeamsAppId"] = TeamsAppId, ["Committee:DemoMode"] = "true" }).IsEnabled);
        Assert.False(Resolve(new() { ["MicrosoftAppId"] = Guid.NewGuid().ToString() }).IsEnabled);
        Assert.True(Resolve(new() { ["MicrosoftAppId"] = Guid.NewGuid().ToString(), ["Graph:TeamsAppId"] = TeamsAppId }).IsEnabled);
        Assert.False(Resolve(new() { ["MicrosoftAppId"] = Guid.NewGuid().ToString(), ["Graph:Enabled"] = "false" }).IsEnabled);
    }

    [Fact]
    public void The_bots_own_identity_and_tenant_are_used_unless_graph_has_its_own()
    {
        var options = Resolve(new()
        {
            ["MicrosoftAppType"] = "UserAssignedMSI",
            ["MicrosoftAppId"] = "11111111-1111-4111-8111-111111111111",
            ["MicrosoftAppTenantId"] = "tenant-1",
            ["Graph:TeamsAppId"] = TeamsAppId,
        });

        Assert.Equal("11111111-1111-4111-8111-111111111111", options.ManagedIdentityClientId);
        Assert.Equal("tenant-1", options.TenantId);
        Assert.Equal(GraphAuthentication.ManagedIdentity, options.Authentication);
    }

    [Fact]
    public void No_token_is_allowed_only_against_a_loopback_graph()
    {
        var remote = new GraphOptions { Enabled = true, TeamsAppId = TeamsAppId, Authentication = GraphAuthentication.None };
        var local = new GraphOptions { Enabled = true, TeamsAppId = TeamsAppId, Authentication = GraphAuthentication.None, BaseUrl = new Uri("http://127.0.0.1:5080/v1.0") };

        Assert.Contains(Problems(remote), p => p.Contains("Graph:Authentication=None", StringComparison.Ordinal) && p.Contains("https://graph.microsoft.com/v1.0", StringComparison.Ordinal));
        Assert.Empty(Problems(local));
    }

    [Fact]
    public void The_china_cloud_works_by_its_endpoint_and_authority_host()
    {
        var china = new GraphOptions
        {
            Enabled = true,
            TeamsAppId = TeamsAppId,
            BaseUrl = new Uri("https://microsoftgraph.chinacloudapi.cn/v1.0"),
            AuthorityHost = new Uri("https://login.chinacloudapi.cn/"),
            Authentication = GraphAuthentication.ClientSecret,
            TenantId = "tenant-1",
            ClientId = "client-1",
            ClientSecret = "secret",
        };

        Assert.Empty(Problems(china));
        Assert.Equal("https://microsoftgraph.chinacloudapi.cn/.default", china.Scope);
        Assert.IsType<Azure.Identity.ClientSecretCredential>(GraphClients.CredentialFor(china));
    }

    [Fact]
    public void Each_missing_or_unsafe_setting_is_named()
    {
        var problems = Problems(new GraphOptions
        {
            Enabled = true,
            BaseUrl = new Uri("http://graph.example.org/v1.0"),
            Authentication = GraphAuthentication.ClientSecret,
            MaxConcurrency = 0,
        });

        Assert.Contains(problems, p => p.StartsWith("Graph:BaseUrl", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Graph:TeamsAppId", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Graph:Authentication=ClientSecret", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.StartsWith("Graph:MaxConcurrency", StringComparison.Ordinal));
    }

    [Fact]
    public void The_bot_refuses_to_start_when_graph_would_send_unauthenticated_requests_to_a_real_endpoint()
    {
        using var app = new BotApp(StorageSettings.LocalFolder(), new Dictionary<string, string?>
        {
            ["Graph:Enabled"] = "true",
            ["Graph:Authentication"] = "None",
            ["Graph:TeamsAppId"] = TeamsAppId,
        });

        var error = Assert.Throws<OptionsValidationException>(() => app.CreateClient());
        Assert.Contains("Graph:Authentication=None", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Without_graph_the_directory_reaches_nobody_new()
    {
        var directory = new ServiceCollection().AddSingleton<IConfiguration>(new ConfigurationBuilder().Build()).AddLogging().AddGraphDirectory()
            .BuildServiceProvider().GetRequiredService<IReachDirectory>();

        Assert.False(directory.Enabled);
    }
}

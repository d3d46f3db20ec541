using Microsoft.Extensions.Options;

namespace CooperationBot.Graph;

public enum GraphAuthentication
{
    /// <summary>The managed identity the bot already uses for storage (Azure).</summary>
    ManagedIdentity,

    /// <summary>An Entra app registration's client secret (a bot registered as SingleTenant).</summary>
    ClientSecret,

    /// <summary>No token at all: only for a loopback Graph fake in tests and local runs.</summary>
    None,
}

/// <summary>`Graph:*` settings: how the bot reaches Microsoft Graph to find people and install itself for them.</summary>
public sealed class GraphOptions
{
    public const string Section = "Graph";

    /// <summary>The global endpoint; the China (21Vianet) cloud is https://microsoftgraph.chinacloudapi.cn/v1.0.</summary>
    public static readonly Uri GlobalBaseUrl = new("https://graph.microsoft.com/v1.0");

    /// <summary>Where Teams' Bot Connector takes messages for the global cloud until a Teams activity tells the bot its own.</summary>
    public static readonly Uri GlobalBotServiceUrl = new("https://smba.trafficmanager.net/teams/");

    /// <summary>Unset: on when the bot has an app id (MicrosoftAppId), demo mode is off and <see cref="TeamsAppId"/> is given; off in local/demo use.</summary>
    public bool? Enabled { get; set; }

    public Uri BaseUrl { get; set; } = GlobalBaseUrl;

    public GraphAuthentication Authentication { get; set; } = GraphAuthentication.ManagedIdentity;

    /// <summary>Entra sign-in host for a client secret, e.g. https://login.chinacloudapi.cn/ (default: the global one).</summary>
    public Uri? AuthorityHost { get; set; }

    /// <summary>Defaults to MicrosoftAppTenantId.</summary>
    public string? TenantId { get; set; }

    /// <summary>Defaults to MicrosoftAppId.</summary>
    public string? ClientId { get; set; }

    /// <summary>Defaults to MicrosoftAppPassword.</summary>
    public string? ClientSecret { get; set; }

    /// <summary>Defaults to Storage:ManagedIdentityClientId, else the bot's own user-assigned identity (MicrosoftAppId).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The Teams app manifest's "id" (TEAMS_APP_ID in manifest/env): the org catalog lists the app under it as externalId.</summary>
    public string? TeamsAppId { get; set; }

    /// <summary>The app's id in the org catalog, when known: skips the catalog lookup (AppCatalog.Read.All then unused).</summary>
    public string? CatalogAppId { get; set; }

    /// <summary>The tenant's Bot Connector address for the first run; afterwards the one Teams activities carry is used.</summary>
    public Uri BotServiceUrl { get; set; } = GlobalBotServiceUrl;

    /// <summary>People worked on at once; Graph throttles an app that asks too much at the same time.</summary>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Retries of a throttled (429) or unavailable (503, 504) call, each after the Retry-After Graph gives.</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>How long one call may take, retries included.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsEnabled => Enabled == true;

    /// <summary>The token scope of the Graph cloud the base URL points at (global, China, ...).</summary>
    public string Scope => new Uri(BaseUrl.GetLeftPart(UriPartial.Authority)) + ".default";
}

/// <summary>Fills the defaults that come from the bot's other settings.</summary>
internal sealed class GraphOptionsDefaults(IConfiguration configuration) : IPostConfigureOptions<GraphOptions>
{
    public void PostConfigure(string? name, GraphOptions options)
    {
        var appId = configuration["MicrosoftAppId"];
        var demo = configuration.GetValue<bool?>("Committee:DemoMode");
        options.Enabled ??= !string.IsNullOrWhiteSpace(appId) && demo != true && !string.IsNullOrWhiteSpace(options.TeamsAppId);
        options.TenantId = Blank(options.TenantId) ?? Blank(configuration["MicrosoftAppTenantId"]);
        options.ClientId = Blank(options.ClientId) ?? Blank(appId);
        options.ClientSecret = Blank(options.ClientSecret) ?? Blank(configuration["MicrosoftAppPassword"]);
        options.ManagedIdentityClientId = Blank(options.ManagedIdentityClientId)
            ?? Blank(configuration["Storage:ManagedIdentityClientId"])
            ?? (string.Equals(configuration["MicrosoftAppType"], "UserAssignedMSI", StringComparison.OrdinalIgnoreCase) ? Blank(appId) : null);
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

/// <summary>Start-up checks: a bad Graph setting stops the bot with a message naming it.</summary>
internal sealed class GraphOptionsValidation : IValidateOptions<GraphOptions>
{
    public ValidateOptionsResult Validate(string? name, GraphOptions options)
    {
        if (!options.IsEnabled)
        {
            return ValidateOptionsResult.Success;
        }

        var problems = new List<string>();
        var url = options.BaseUrl;
        if (!url.IsAbsoluteUri || (url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback)))
        {
            problems.Add($"Graph:BaseUrl '{url}' must be an https address (http only on loopback).");
        }
        else if (options.Authentication == GraphAuthentication.None && !url.IsLoopback)
        {
            problems.Add($"Graph:Authentication=None sends requests without a token and is allowed only for a loopback Graph:BaseUrl (a local fake), not '{url}'.");
        }

        if (!Guid.TryParse(options.TeamsAppId, out _))
        {
            problems.Add("Graph:TeamsAppId must be the Teams app manifest's id (a GUID; TEAMS_APP_ID in manifest/env/<env>.env).");
        }

        if (options.Authentication == GraphAuthentication.ClientSecret &&
            (options.TenantId is null || options.ClientId is null || options.ClientSecret is null))
        {
            problems.Add("Graph:Authentication=ClientSecret needs Graph:TenantId, Graph:ClientId and Graph:ClientSecret (or MicrosoftAppTenantId, MicrosoftAppId and MicrosoftAppPassword).");
        }

        if (options.AuthorityHost is { IsAbsoluteUri: false } or { Scheme: not "https" })
        {
            problems.Add($"Graph:AuthorityHost '{options.AuthorityHost}' must be an https address, e.g. https://login.chinacloudapi.cn/.");
        }

        if (!options.BotServiceUrl.IsAbsoluteUri)
        {
            problems.Add($"Graph:BotServiceUrl '{options.BotServiceUrl}' must be an absolute address.");
        }

        if (options.MaxConcurrency is < 1 or > 16)
        {
            problems.Add("Graph:MaxConcurrency must be between 1 and 16.");
        }

        if (options.MaxRetries is < 0 or > 10)
        {
            problems.Add("Graph:MaxRetries must be between 0 and 10.");
        }

        if (options.Timeout <= TimeSpan.Zero)
        {
            problems.Add("Graph:Timeout must be positive.");
        }

        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}

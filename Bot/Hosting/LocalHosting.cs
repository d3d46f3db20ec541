using System.Net;

namespace CooperationBot.Hosting;

/// <summary>
/// Without a Teams app id the bot accepts unauthenticated requests, so it must then only be reachable
/// from this machine: default to the Bot Framework's local address and refuse anything else, from
/// whichever setting it comes, and check again the addresses Kestrel really bound.
/// </summary>
internal static class LocalHosting
{
    public const string DefaultUrl = "http://127.0.0.1:3978";

    public static bool IsAnonymous(IConfiguration configuration) => string.IsNullOrWhiteSpace(configuration["MicrosoftAppId"]);

    public static void Apply(WebApplicationBuilder builder)
    {
        if (!IsAnonymous(builder.Configuration))
        {
            return;
        }

        var configured = ConfiguredAddresses(builder.Configuration).ToList();
        var remote = configured.Where(a => !IsLoopback(a.Address)).Select(a => $"{a.Address} ({a.Setting})").ToList();
        if (remote.Count > 0)
        {
            throw new InvalidOperationException(Refusal(remote));
        }

        if (configured.Count == 0)
        {
            builder.WebHost.UseUrls(DefaultUrl);
        }

        builder.Services.AddHostedService<BoundAddressCheck>();
    }

    public static string Refusal(IEnumerable<string> addresses) =>
        $"MicrosoftAppId is not set, so Bot Framework authentication is off and the bot may listen on loopback only; refusing {string.Join(", ", addresses)}. Set MicrosoftAppId (and its credentials) or use {DefaultUrl}.";

    /// <summary>
    /// Every setting Kestrel takes addresses from: `urls` (also ASPNETCORE_URLS, DOTNET_URLS, --urls),
    /// `http_ports` / `https_ports` (ASPNETCORE_HTTP_PORTS…, which bind every interface) and
    /// `Kestrel:Endpoints:{name}:Url`. All are checked, whichever Kestrel would pick.
    /// </summary>
    private static IEnumerable<(string Setting, string Address)> ConfiguredAddresses(IConfiguration configuration)
    {
        foreach (var url in Split(configuration["urls"]))
        {
            yield return ("urls", url);
        }

        foreach (var (setting, scheme) in new[] { ("http_ports", "http"), ("https_ports", "https") })
        {
            foreach (var port in Split(configuration[setting]))
            {
                yield return (setting, $"{scheme}://*:{port}");
            }
        }

        foreach (var endpoint in configuration.GetSection("Kestrel:Endpoints").GetChildren())
        {
            yield return ($"Kestrel:Endpoints:{endpoint.Key}:Url", endpoint["Url"] ?? string.Empty);
        }
    }

    private static string[] Split(string? list) => (list ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>localhost or a loopback IP; wildcards (*, +, 0.0.0.0, [::]) and host names bind beyond it.</summary>
    public static bool IsLoopback(string url)
    {
        var host = url.Replace("://+", "://all-interfaces", StringComparison.Ordinal).Replace("://*", "://all-interfaces", StringComparison.Ordinal);
        return Uri.TryCreate(host, UriKind.Absolute, out var uri) &&
            (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
    }
}

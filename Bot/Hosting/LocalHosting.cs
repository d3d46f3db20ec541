using System.Net;

namespace CooperationBot.Hosting;

/// <summary>
/// Without a Teams app id the bot accepts unauthenticated requests, so it must then only be reachable
/// from this machine: default to the Bot Framework's local address and refuse anything else.
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

        var urls = builder.Configuration["urls"];
        if (string.IsNullOrWhiteSpace(urls))
        {
            builder.WebHost.UseUrls(DefaultUrl);
            return;
        }

        var remote = urls.Split(';', StringSplitOptions.RemoveEmptyEntries).Where(u => !IsLoopback(u)).ToList();
        if (remote.Count > 0)
        {
            throw new InvalidOperationException(
                $"MicrosoftAppId is not set, so Bot Framework authentication is off and the bot may listen on loopback only; refusing {string.Join(", ", remote)}. Set MicrosoftAppId (and its credentials) or use {DefaultUrl}.");
        }
    }

    private static bool IsLoopback(string url)
    {
        var host = url.Replace("://+", "://all-interfaces", StringComparison.Ordinal).Replace("://*", "://all-interfaces", StringComparison.Ordinal);
        return Uri.TryCreate(host, UriKind.Absolute, out var uri) &&
            (uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip)));
    }
}

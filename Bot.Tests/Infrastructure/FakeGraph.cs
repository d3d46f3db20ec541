using System.Collections.Concurrent;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>One request the bot made to Graph: the raw (encoded) path, the decoded query, headers and body.</summary>
public sealed record GraphRequest(string Method, string RawPath, string Path, IReadOnlyDictionary<string, string> Query, IReadOnlyDictionary<string, string> Headers, string? Body, DateTimeOffset At)
{
    public string? QueryValue(string name) => Query.GetValueOrDefault(name);
}

/// <summary>A user in the fake directory.</summary>
public sealed record GraphUser(string Id, string UserPrincipalName, string? Mail, string DisplayName);

/// <summary>An answer the test imposes instead of the normal one: status, Graph error code and message, Retry-After, delay.</summary>
public sealed record GraphFault(int Status, string Code, string Message, int? RetryAfterSeconds = null, TimeSpan? Delay = null);

/// <summary>
/// A loopback stand-in for Microsoft Graph v1.0, answering with the documented shapes of the calls the
/// bot makes: users by id/UPN or mail, the org app catalog by externalId, installing an app for a user
/// (201 without a body, 409 when installed), listing the user's installations and the installation's
/// chat. Every request is recorded; faults can be injected per request.
/// </summary>
public sealed partial class FakeGraph : IAsyncDisposable
{
    public const string BotAppId = "00000000-0000-0000-0000-00000000000b";

    private const string JsonContentType = "application/json;odata.metadata=minimal;odata.streaming=true;IEEE754Compatible=false;charset=utf-8";
    private readonly WebApplication app;
    private readonly ConcurrentQueue<GraphRequest> requests = new();
    private readonly ConcurrentDictionary<string, string> installations = new(StringComparer.OrdinalIgnoreCase);
    private int inFlight;
    private int maxInFlight;

    private FakeGraph(WebApplication app) => this.app = app;

    /// <summary>The v1.0 endpoint, as Graph:BaseUrl.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    public ConcurrentDictionary<string, GraphUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The org catalog: manifest id (externalId) → catalog id.</summary>
    public ConcurrentDictionary<string, string> Catalog { get; } = new(StringComparer.OrdinalIgnoreCase);

    public Func<GraphRequest, GraphFault?>? Fault { get; set; }

    /// <summary>How long every answer takes (to observe how many requests the bot keeps in flight).</summary>
    public TimeSpan Latency { get; set; }

    public IReadOnlyCollection<GraphRequest> Requests => requests;

    public int MaxInFlight => Volatile.Read(ref maxInFlight);

    public static async Task<FakeGraph> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeGraph(app);
        app.Run(fake.HandleAsync);
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.BaseUrl = new Uri(address.TrimEnd('/') + "/v1.0");
        return fake;
    }

    public GraphUser AddUser(string upn, string displayName, string? mail = null)
    {
        var user = new GraphUser(Guid.NewGuid().ToString(), upn, mail ?? upn, displayName);
        Users[user.Id] = user;
        return user;
    }

    public static string ChatIdOf(string userId) => $"19:{userId}_{BotAppId}@unq.gbl.spaces";

    /// <summary>Graph's installation ids are opaque; this one is built the way real ones look (base64 of user##app).</summary>
    public static string InstallationIdOf(string userId, string catalogAppId) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes($"{userId}##{catalogAppId}"));

    public bool IsInstalledFor(string userId) => installations.ContainsKey(userId);

    public IReadOnlyList<GraphRequest> RequestsTo(string method, string pathPrefix) =>
        requests.Where(r => r.Method == method && r.Path.StartsWith(pathPrefix, StringComparison.OrdinalIgnoreCase)).ToList();

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var now = Interlocked.Increment(ref inFlight);
        for (var seen = maxInFlight; now > seen; seen = maxInFlight)
        {
            Interlocked.CompareExchange(ref maxInFlight, now, seen);
        }

        try
        {
            var request = await RecordAsync(context).ConfigureAwait(false);
            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency).ConfigureAwait(false);
            }

            if (Fault?.Invoke(request) is { } fault)
            {
                if (fault.Delay is { } delay)
                {
                    await Task.Delay(delay, context.RequestAborted).ConfigureAwait(false);
                }

                if (fault.RetryAfterSeconds is { } seconds)
                {
                    context.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                }

                await ErrorAsync(context, fault.Status, fault.Code, fault.Message).ConfigureAwait(false);
                return;
            }

            await AnswerAsync(context, request).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client gave up (its timeout): nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref inFlight);
        }
    }

    private async Task<GraphRequest> RecordAsync(HttpContext context)
    {
        string? body = null;
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var reader = new StreamReader(context.Request.Body);
            body = await reader.ReadToEndAsync().ConfigureAwait(false);
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var request = new GraphRequest(
            context.Request.Method,
            raw.Split('?')[0],
            Uri.UnescapeDataString(raw.Split('?')[0]),
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            DateTimeOffset.UtcNow);
        requests.Enqueue(request);
        return request;
    }

    private Task AnswerAsync(HttpContext context, GraphRequest request)
    {
        var segments = request.Path.Trim('/').Split('/');
        if (segments is not ["v1.0", ..])
        {
            return ErrorAsync(context, 400, "BadRequest", "Unsupported API version.");
        }

        return (request.Method, segments[1..]) switch
        {
            ("GET", ["users", var key]) => GetUserAsync(context, request, key),
            ("GET", ["users"]) => ListUsersAsync(context, request),
            ("GET", ["appCatalogs", "teamsApps"]) => ListCatalogAsync(context, request),
            ("POST", ["users", var id, "teamwork", "installedApps"]) => InstallAsync(context, request, id),
            ("GET", ["users", var id, "teamwork", "installedApps"]) => ListInstallationsAsync(context, request, id),
            ("GET", ["users", var id, "teamwork", "installedApps", var installation, "chat"]) => ChatAsync(context, id, installation),
            _ => ErrorAsync(context, 400, "BadRequest", $"Resource not found for the segment '{segments[^1]}'."),
        };
    }

    private Task GetUserAsync(HttpContext context, GraphRequest request, string key)
    {
        var user = Users.Values.FirstOrDefault(u => string.Equals(u.Id, key, StringComparison.OrdinalIgnoreCase) || string.Equals(u.UserPrincipalName, key, StringComparison.OrdinalIgnoreCase));
        if (user is null)
        {
            return ErrorAsync(context, 404, "Request_ResourceNotFound", $"Resource '{key}' does not exist or one of its queried reference-property objects are not present.");
        }

        var body = Selected(UserJson(user), request.QueryValue("$select"));
        body["@odata.context"] = $"{BaseUrl}/$metadata#users({string.Join(',', body.Select(p => p.Key))})/$entity";
        return JsonAsync(context, 200, body);
    }

    private Task ListUsersAsync(HttpContext context, GraphRequest request)
    {
        if (MailFilter().Match(request.QueryValue("$filter") ?? string.Empty) is not { Success: true } match)
        {
            return ErrorAsync(context, 400, "Request_UnsupportedQuery", "Unsupported or invalid query filter clause specified.");
        }

        var mail = match.Groups[1].Value.Replace("''", "'", StringComparison.Ordinal);
        var found = Users.Values.Where(u => string.Equals(u.Mail, mail, StringComparison.OrdinalIgnoreCase))
            .Select(u => (JsonNode)Selected(UserJson(u), request.QueryValue("$select")));
        return JsonAsync(context, 200, new JsonObject { ["@odata.context"] = $"{BaseUrl}/$metadata#users", ["value"] = new JsonArray([.. found]) });
    }

    private Task ListCatalogAsync(HttpContext context, GraphRequest request)
    {
        if (ExternalIdFilter().Match(request.QueryValue("$filter") ?? string.Empty) is not { Success: true } match)
        {
            return ErrorAsync(context, 400, "BadRequest", "Unsupported filter.");
        }

        var apps = Catalog.Where(a => string.Equals(a.Key, match.Groups[1].Value, StringComparison.OrdinalIgnoreCase))
            .Select(a => (JsonNode)new JsonObject { ["id"] = a.Value, ["externalId"] = a.Key, ["displayName"] = "CooperationBot", ["distributionMethod"] = "organization" });
        return JsonAsync(context, 200, new JsonObject { ["@odata.context"] = $"{BaseUrl}/$metadata#appCatalogs/teamsApps", ["value"] = new JsonArray([.. apps]) });
    }

    private Task InstallAsync(HttpContext context, GraphRequest request, string userId)
    {
        if (!Users.ContainsKey(userId))
        {
            return ErrorAsync(context, 404, "NotFound", "Not Found");
        }

        var body = JsonNode.Parse(request.Body ?? "{}") as JsonObject;
        var type = body?["@odata.type"];
        var bind = body?["teamsApp@odata.bind"]?.GetValue<string>() ?? string.Empty;
        var catalogId = bind.StartsWith($"{BaseUrl}/appCatalogs/teamsApps/", StringComparison.Ordinal) ? bind.Split('/')[^1] : null;
        if (catalogId is null || !Catalog.Values.Contains(catalogId) ||
            (body!.ContainsKey("@odata.type") && type?.GetValue<string>() != "#microsoft.graph.userScopeTeamsAppInstallation"))
        {
            return ErrorAsync(context, 400, "BadRequest", "Invalid bind property name teamsApp in request.");
        }

        if (!installations.TryAdd(userId, catalogId))
        {
            return ErrorAsync(context, 409, "Conflict", "App is already installed for the user.");
        }

        context.Response.StatusCode = 201;
        return Task.CompletedTask;
    }

    private Task ListInstallationsAsync(HttpContext context, GraphRequest request, string userId)
    {
        var externalId = InstalledExternalIdFilter().Match(request.QueryValue("$filter") ?? string.Empty);
        if (!externalId.Success || request.QueryValue("$expand") != "teamsApp")
        {
            return ErrorAsync(context, 400, "BadRequest", "Unsupported query.");
        }

        var value = new JsonArray();
        if (installations.TryGetValue(userId, out var catalogId) && Catalog.TryGetValue(externalId.Groups[1].Value, out var wanted) && wanted == catalogId)
        {
            value.Add(new JsonObject
            {
                ["id"] = InstallationIdOf(userId, catalogId),
                ["teamsApp"] = new JsonObject { ["id"] = catalogId, ["externalId"] = externalId.Groups[1].Value, ["displayName"] = "CooperationBot", ["distributionMethod"] = "organization" },
            });
        }

        return JsonAsync(context, 200, new JsonObject { ["@odata.context"] = $"{BaseUrl}/$metadata#users('{userId}')/teamwork/installedApps(teamsApp())", ["value"] = value });
    }

    private Task ChatAsync(HttpContext context, string userId, string installationId) =>
        installations.TryGetValue(userId, out var catalogId) && InstallationIdOf(userId, catalogId) == installationId
            ? JsonAsync(context, 200, new JsonObject { ["@odata.context"] = $"{BaseUrl}/$metadata#chats(id)/$entity", ["id"] = ChatIdOf(userId) })
            : ErrorAsync(context, 404, "NotFound", "Not Found");

    private static JsonObject UserJson(GraphUser user) => new()
    {
        ["id"] = user.Id,
        ["userPrincipalName"] = user.UserPrincipalName,
        ["mail"] = user.Mail,
        ["displayName"] = user.DisplayName,
        ["jobTitle"] = "联络员",
        ["officeLocation"] = "沈阳",
    };

    /// <summary>Graph returns only the properties $select names (all defaults without it).</summary>
    private static JsonObject Selected(JsonObject all, string? select)
    {
        if (select is null)
        {
            return all;
        }

        var fields = select.Split(',');
        return new JsonObject(all.Where(p => fields.Contains(p.Key)).Select(p => KeyValuePair.Create(p.Key, p.Value?.DeepClone())));
    }

    private static Task JsonAsync(HttpContext context, int status, JsonObject body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = JsonContentType;
        return context.Response.WriteAsync(body.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }));
    }

    private static Task ErrorAsync(HttpContext context, int status, string code, string message) => JsonAsync(context, status, new JsonObject
    {
        ["error"] = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["innerError"] = new JsonObject
            {
                ["date"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-ddTHH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                ["request-id"] = Guid.NewGuid().ToString(),
                ["client-request-id"] = context.Request.Headers["client-request-id"].ToString(),
            },
        },
    });

    [GeneratedRegex("^mail eq '((?:[^']|'')*)'$")]
    private static partial Regex MailFilter();

    [GeneratedRegex("^externalId eq '([^']*)'$")]
    private static partial Regex ExternalIdFilter();

    [GeneratedRegex("^teamsApp/externalId eq '([^']*)'$")]
    private static partial Regex InstalledExternalIdFilter();
}

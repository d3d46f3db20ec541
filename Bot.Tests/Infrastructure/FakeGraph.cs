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
    /// <summary>The body's bytes as sent (an uploaded file); <see cref="Body"/> is them read as UTF-8.</summary>
    public byte[] RawBody { get; init; } = [];

    public string? QueryValue(string name) => Query.GetValueOrDefault(name);
}

/// <summary>A team channel's Files folder: a folder in the team's SharePoint document library (its drive).</summary>
public sealed record GraphChannelFolder(string TeamGroupId, string ChannelId, string Name, string DriveId, string FolderId, string WebUrl);

/// <summary>A file uploaded into a drive folder, with the bytes received.</summary>
public sealed record GraphDriveFile(string DriveId, string ParentId, string Id, string Name, byte[] Content, string? ContentType, string WebUrl);

/// <summary>A user in the fake directory.</summary>
public sealed record GraphUser(string Id, string UserPrincipalName, string? Mail, string DisplayName);

/// <summary>An answer the test imposes instead of the normal one: status, Graph error code and message, Retry-After, delay.</summary>
public sealed record GraphFault(int Status, string Code, string Message, int? RetryAfterSeconds = null, TimeSpan? Delay = null);

/// <summary>
/// A loopback stand-in for Microsoft Graph v1.0, answering with the documented shapes of the calls the
/// bot makes: users by id/UPN or mail, the org app catalog by externalId, installing an app for a user
/// (201 without a body, 409 when installed), listing the user's installations and the installation's
/// chat; a team channel's filesFolder and the simple upload of a file into a drive folder (201 with the
/// new driveItem, 200 when it replaces one, a new name under conflictBehavior=rename). Every request is
/// recorded; faults can be injected per request.
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

    /// <summary>Channel folders by (team group id, channel id).</summary>
    public ConcurrentDictionary<(string TeamGroupId, string ChannelId), GraphChannelFolder> ChannelFolders { get; } = new();

    /// <summary>Files in drives, by item id.</summary>
    public ConcurrentDictionary<string, GraphDriveFile> DriveFiles { get; } = new();

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

    /// <summary>A channel of a team whose library has a folder for it, as SharePoint names them (General's folder is "General").</summary>
    public GraphChannelFolder AddChannelFolder(string teamGroupId, string channelId, string channelName, string teamSite = "CooperationCommittee")
    {
        var folder = new GraphChannelFolder(
            teamGroupId,
            channelId,
            channelName,
            "b!" + Convert.ToBase64String(Guid.NewGuid().ToByteArray()).TrimEnd('=').Replace('+', '-').Replace('/', '_'),
            "01" + Guid.NewGuid().ToString("N").ToUpperInvariant()[..32],
            $"https://contoso.sharepoint.com/sites/{teamSite}/Shared%20Documents/{Uri.EscapeDataString(channelName)}");
        ChannelFolders[(teamGroupId, channelId)] = folder;
        return folder;
    }

    public IReadOnlyList<GraphDriveFile> FilesIn(GraphChannelFolder folder) =>
        DriveFiles.Values.Where(f => f.DriveId == folder.DriveId && f.ParentId == folder.FolderId).OrderBy(f => f.Name, StringComparer.Ordinal).ToList();

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
        byte[] bytes = [];
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer).ConfigureAwait(false);
            bytes = buffer.ToArray();
            body = Encoding.UTF8.GetString(bytes);
        }

        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? string.Empty;
        var request = new GraphRequest(
            context.Request.Method,
            raw.Split('?')[0],
            Uri.UnescapeDataString(raw.Split('?')[0]),
            context.Request.Query.ToDictionary(q => q.Key, q => q.Value.ToString()),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            body,
            DateTimeOffset.UtcNow)
        {
            RawBody = bytes,
        };
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

        if (request.Method == "PUT" && UploadPath().Match(request.RawPath) is { Success: true } upload)
        {
            return UploadAsync(context, request, Uri.UnescapeDataString(upload.Groups[1].Value), Uri.UnescapeDataString(upload.Groups[2].Value), Uri.UnescapeDataString(upload.Groups[3].Value));
        }

        return (request.Method, segments[1..]) switch
        {
            ("GET", ["users", var key]) => GetUserAsync(context, request, key),
            ("GET", ["users"]) => ListUsersAsync(context, request),
            ("GET", ["appCatalogs", "teamsApps"]) => ListCatalogAsync(context, request),
            ("POST", ["users", var id, "teamwork", "installedApps"]) => InstallAsync(context, request, id),
            ("GET", ["users", var id, "teamwork", "installedApps"]) => ListInstallationsAsync(context, request, id),
            ("GET", ["users", var id, "teamwork", "installedApps", var installation, "chat"]) => ChatAsync(context, id, installation),
            ("GET", ["teams", var team, "channels", var channel, "filesFolder"]) => FilesFolderAsync(context, team, channel),
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

    private Task FilesFolderAsync(HttpContext context, string teamGroupId, string channelId)
    {
        if (!ChannelFolders.TryGetValue((teamGroupId, channelId), out var folder))
        {
            return ErrorAsync(context, 404, "NotFound", $"No team found with Group Id {teamGroupId} or the channel {channelId} does not exist.");
        }

        return JsonAsync(context, 200, new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#teams('{teamGroupId}')/channels('{Uri.EscapeDataString(channelId)}')/filesFolder/$entity",
            ["id"] = folder.FolderId,
            ["createdDateTime"] = "0001-01-01T00:00:00Z",
            ["lastModifiedDateTime"] = "2020-05-14T01:00:00Z",
            ["name"] = folder.Name,
            ["webUrl"] = folder.WebUrl,
            ["size"] = FilesIn(folder).Sum(f => (long)f.Content.Length),
            ["parentReference"] = new JsonObject { ["driveId"] = folder.DriveId, ["driveType"] = "documentLibrary" },
            ["fileSystemInfo"] = new JsonObject { ["createdDateTime"] = "2020-05-14T01:00:00Z", ["lastModifiedDateTime"] = "2020-05-14T01:00:00Z" },
            ["folder"] = new JsonObject { ["childCount"] = FilesIn(folder).Count },
        });
    }

    /// <summary>PUT /drives/{drive}/items/{parent}:/{name}:/content: replaces a file of that name, or with conflictBehavior=rename takes the next free "name n.ext".</summary>
    private Task UploadAsync(HttpContext context, GraphRequest request, string driveId, string parentId, string name)
    {
        var folder = ChannelFolders.Values.FirstOrDefault(f => f.DriveId == driveId && f.FolderId == parentId);
        if (folder is null)
        {
            return ErrorAsync(context, 404, "itemNotFound", "The resource could not be found.");
        }

        var conflict = request.QueryValue("@microsoft.graph.conflictBehavior") ?? "replace";
        var existing = FilesIn(folder).FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));
        var status = 201;
        if (existing is not null && conflict == "fail")
        {
            return ErrorAsync(context, 409, "nameAlreadyExists", "The specified item name already exists.");
        }

        if (existing is not null && conflict == "rename")
        {
            var (stem, extension) = (System.IO.Path.GetFileNameWithoutExtension(name), System.IO.Path.GetExtension(name));
            var n = 1;
            while (FilesIn(folder).Any(f => string.Equals(f.Name, $"{stem} {n}{extension}", StringComparison.OrdinalIgnoreCase)))
            {
                n++;
            }

            name = $"{stem} {n}{extension}";
            existing = null;
        }
        else if (existing is not null)
        {
            status = 200;
        }

        var file = new GraphDriveFile(driveId, parentId, existing?.Id ?? "01" + Guid.NewGuid().ToString("N").ToUpperInvariant()[..32], name, request.RawBody, request.Headers.GetValueOrDefault("Content-Type"), $"{folder.WebUrl}/{Uri.EscapeDataString(name)}");
        DriveFiles[file.Id] = file;
        return JsonAsync(context, status, new JsonObject
        {
            ["@odata.context"] = $"{BaseUrl}/$metadata#drives('{driveId}')/items/$entity",
            ["id"] = file.Id,
            ["name"] = file.Name,
            ["size"] = file.Content.Length,
            ["webUrl"] = file.WebUrl,
            ["createdDateTime"] = "2020-06-01T02:00:00Z",
            ["lastModifiedDateTime"] = "2020-06-01T02:00:00Z",
            ["parentReference"] = new JsonObject { ["driveType"] = "documentLibrary", ["driveId"] = driveId, ["id"] = parentId, ["path"] = $"/drives/{driveId}/root:/{folder.Name}" },
            ["file"] = new JsonObject { ["mimeType"] = MimeTypeOf(name) },
            ["fileSystemInfo"] = new JsonObject { ["createdDateTime"] = "2020-06-01T02:00:00Z", ["lastModifiedDateTime"] = "2020-06-01T02:00:00Z" },
        });
    }

    private static string MimeTypeOf(string name) => System.IO.Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".docx" => "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ".xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => "application/octet-stream",
    };

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

    [GeneratedRegex("^/v1\\.0/drives/([^/]+)/items/([^/:]+):/([^/]+):/content$")]
    private static partial Regex UploadPath();

    [GeneratedRegex("^mail eq '((?:[^']|'')*)'$")]
    private static partial Regex MailFilter();

    [GeneratedRegex("^externalId eq '([^']*)'$")]
    private static partial Regex ExternalIdFilter();

    [GeneratedRegex("^teamsApp/externalId eq '([^']*)'$")]
    private static partial Regex InstalledExternalIdFilter();
}

using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>One call the bot made to the Bot Connector service.</summary>
public sealed record ConnectorCall(string Method, string Path, string ConversationId, JsonObject? Activity, DateTimeOffset At);

/// <summary>Teams' rate limits as the fake enforces them: a request beyond these within one second is answered 429 with Retry-After.</summary>
public sealed record TeamsLimits(int PerConversation = 7, int PerTenant = 50);

/// <summary>
/// A loopback stand-in for the Bot Connector service (the bot posts replies to the activity's
/// serviceUrl). It speaks the v3 REST wire format, checks what it receives the way the real service
/// would (JSON body, activity type, conversation matching the path), and can inject faults.
/// </summary>
public sealed class FakeBotConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentQueue<ConnectorCall> calls = new();
    private readonly ConcurrentQueue<string> violations = new();
    private readonly List<(string Conversation, DateTimeOffset At)> sends = [];
    private readonly Dictionary<string, Queue<DateTimeOffset>> recentPerConversation = [];
    private readonly Queue<DateTimeOffset> recentInTenant = new();
    private int nextId;
    private int throttled;
    private int teamDetailsRequests;

    private FakeBotConnector(WebApplication app) => this.app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public IReadOnlyCollection<ConnectorCall> Calls => calls;

    /// <summary>Wire-format problems seen; a test that expects a well-formed bot asserts this is empty.</summary>
    public IReadOnlyCollection<string> Violations => violations;

    /// <summary>Decides a status code for a call before it is accepted (e.g. 429); null accepts it.</summary>
    public Func<ConnectorCall, (int Status, TimeSpan? RetryAfter)?>? Fault { get; set; }

    /// <summary>When set, the fake throttles like Teams: more requests than the limits within any one second get 429.</summary>
    public TeamsLimits? Limits { get; set; }

    /// <summary>How long each message send takes to answer, as Teams' round trip would.</summary>
    public TimeSpan Latency { get; set; }

    /// <summary>Message sends that have arrived, including those still being answered and those refused.</summary>
    public int Arrivals
    {
        get
        {
            lock (sends)
            {
                return sends.Count;
            }
        }
    }

    /// <summary>Requests answered 429 because they went over <see cref="Limits"/>.</summary>
    public int Throttled => Volatile.Read(ref throttled);

    /// <summary>Channels per team for TeamsInfo.GetTeamChannelsAsync: team id → (channel id, name; null name = General).</summary>
    public ConcurrentDictionary<string, (string Id, string? Name)[]> TeamChannels { get; } = new();

    /// <summary>Teams' team details for TeamsInfo.GetTeamDetailsAsync: team id (19:…) → (name, Microsoft 365 group id).</summary>
    public ConcurrentDictionary<string, (string Name, string AadGroupId)> TeamDetails { get; } = new();

    public int TeamDetailsRequests => Volatile.Read(ref teamDetailsRequests);

    /// <summary>Members the fake knows, for TeamsInfo.GetMemberAsync: user id → (aadObjectId, upn, name).</summary>
    public ConcurrentDictionary<string, (string AadObjectId, string Upn, string Name)> Members { get; } = new();

    public static async Task<FakeBotConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeBotConnector(app);
        app.MapPost("/v3/conversations/{conversationId}/activities", (HttpContext ctx, string conversationId) => fake.ReceiveAsync(ctx, conversationId));
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext ctx, string conversationId) => fake.ReceiveAsync(ctx, conversationId));
        app.MapPut("/v3/conversations/{conversationId}/activities/{activityId}", (HttpContext ctx, string conversationId) => fake.ReceiveAsync(ctx, conversationId));
        app.MapGet("/v3/conversations/{conversationId}/members/{userId}", (string conversationId, string userId) => fake.Member(userId));
        app.MapPost("/v3/conversations", (HttpContext ctx, CancellationToken _) => fake.CreateConversationAsync(ctx));
        app.MapGet("/v3/teams/{teamId}/conversations", (string teamId) => Results.Json(new
        {
            conversations = fake.TeamChannels.TryGetValue(Uri.UnescapeDataString(teamId), out var channels)
                ? channels.Select(c => new { id = c.Id, name = c.Name }).ToArray()
                : [],
        }));
        app.MapGet("/v3/teams/{teamId}", (string teamId) =>
        {
            Interlocked.Increment(ref fake.teamDetailsRequests);
            return fake.TeamDetails.TryGetValue(Uri.UnescapeDataString(teamId), out var team)
                ? Results.Json(new { id = Uri.UnescapeDataString(teamId), name = team.Name, aadGroupId = team.AadGroupId, channelCount = 1, memberCount = 2, type = "standard" })
                : Results.Json(new { error = new { code = "NotFound", message = "Team not found" } }, statusCode: 404);
        });
        await app.StartAsync().ConfigureAwait(false);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        fake.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return fake;
    }

    /// <summary>Waits until the bot has made a call that matches, or fails after the timeout.</summary>
    public async Task<ConnectorCall> WaitForAsync(Func<ConnectorCall, bool> match, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (DateTime.UtcNow < deadline)
        {
            var found = calls.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(20).ConfigureAwait(false);
        }

        throw new TimeoutException("The bot did not make the expected Bot Connector call. Calls seen: " +
            string.Join("; ", calls.Select(c => $"{c.Method} {c.Path}")));
    }

    /// <summary>
    /// The most message sends (accepted or not) that arrived within any one second: into the tenant as
    /// a whole, and into the busiest single conversation.
    /// </summary>
    public (int Tenant, int Conversation) BusiestSecond()
    {
        List<(string Conversation, DateTimeOffset At)> all;
        lock (sends)
        {
            all = [.. sends];
        }

        return (MostWithinOneSecond(all.Select(s => s.At)), all.GroupBy(s => s.Conversation).Select(g => MostWithinOneSecond(g.Select(s => s.At))).DefaultIfEmpty(0).Max());
    }

    private static int MostWithinOneSecond(IEnumerable<DateTimeOffset> times)
    {
        var sorted = times.Order().ToList();
        var most = 0;
        for (int first = 0, last = 0; last < sorted.Count; last++)
        {
            while (sorted[last] - sorted[first] >= TimeSpan.FromSeconds(1))
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }

    /// <summary>Records a message send and says whether it goes over <see cref="Limits"/> (counted in any case, as Teams counts requests).</summary>
    private bool OverLimits(string conversationId, DateTimeOffset at)
    {
        lock (sends)
        {
            sends.Add((conversationId, at));
            if (Limits is not { } limits)
            {
                return false;
            }

            if (!recentPerConversation.TryGetValue(conversationId, out var recent))
            {
                recentPerConversation[conversationId] = recent = new Queue<DateTimeOffset>();
            }

            foreach (var window in new[] { recent, recentInTenant })
            {
                while (window.TryPeek(out var oldest) && at - oldest >= TimeSpan.FromSeconds(1))
                {
                    window.Dequeue();
                }

                window.Enqueue(at);
            }

            if (recent.Count > limits.PerConversation || recentInTenant.Count > limits.PerTenant)
            {
                Interlocked.Increment(ref throttled);
                return true;
            }

            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> ReceiveAsync(HttpContext context, string conversationId)
    {
        var arrived = DateTimeOffset.UtcNow;
        var isSend = context.Request.Method == HttpMethods.Post;
        JsonObject? activity = null;
        if (context.Request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) != true)
        {
            violations.Enqueue($"{context.Request.Path}: Content-Type is '{context.Request.ContentType}', not application/json");
        }

        try
        {
            activity = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
        }
        catch (System.Text.Json.JsonException ex)
        {
            violations.Enqueue($"{context.Request.Path}: body is not JSON ({ex.Message})");
        }

        Check(activity, conversationId, context.Request.Path);
        var call = new ConnectorCall(context.Request.Method, context.Request.Path.Value ?? string.Empty, Uri.UnescapeDataString(conversationId), activity, arrived);
        var throttle = isSend && OverLimits(call.ConversationId, arrived);
        if (isSend && Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency).ConfigureAwait(false);
        }

        if (throttle)
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(new { error = new { code = "Throttled", message = "Too many requests." } }, statusCode: 429);
        }

        if (Fault?.Invoke(call) is { } fault)
        {
            if (fault.RetryAfter is { } retryAfter)
            {
                context.Response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            return Results.Json(new { error = new { code = "Fault", message = "Injected by the test." } }, statusCode: fault.Status);
        }

        calls.Enqueue(call);
        return Results.Json(new { id = $"activity-{Interlocked.Increment(ref nextId)}" });
    }

    private void Check(JsonObject? activity, string conversationId, PathString path)
    {
        if (activity is null)
        {
            violations.Enqueue($"{path}: no activity object");
            return;
        }

        if (activity["type"]?.GetValue<string>() is not { Length: > 0 })
        {
            violations.Enqueue($"{path}: activity has no type");
        }

        var bodyConversation = activity["conversation"]?["id"]?.GetValue<string>();
        if (bodyConversation is not null && bodyConversation != Uri.UnescapeDataString(conversationId))
        {
            violations.Enqueue($"{path}: conversation.id '{bodyConversation}' does not match the URL");
        }

        foreach (var attachment in activity["attachments"]?.AsArray() ?? [])
        {
            if (attachment?["contentType"]?.GetValue<string>() is not { Length: > 0 })
            {
                violations.Enqueue($"{path}: an attachment has no contentType");
            }
        }
    }

    /// <summary>
    /// POST /v3/conversations: a new thread in a channel (isGroup, channelData.channel.id) or a 1:1
    /// chat. The activity it carries is recorded as a call to the new conversation.
    /// </summary>
    private async Task<IResult> CreateConversationAsync(HttpContext context)
    {
        var arrived = DateTimeOffset.UtcNow;
        var parameters = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
        var channelId = parameters?["channelData"]?["channel"]?["id"]?.GetValue<string>();
        if (parameters is null || (channelId is null && parameters["members"] is null))
        {
            violations.Enqueue("/v3/conversations: neither channelData.channel.id nor members given");
            return Results.Json(new { error = new { code = "BadSyntax", message = "No target." } }, statusCode: 400);
        }

        var id = channelId is null ? $"a:new-{Interlocked.Increment(ref nextId)}" : $"{channelId};messageid={Interlocked.Increment(ref nextId)}";
        var call = new ConnectorCall("POST", "/v3/conversations", id, parameters["activity"] as JsonObject, arrived);
        var throttle = OverLimits(channelId ?? id, arrived);
        if (Latency > TimeSpan.Zero)
        {
            await Task.Delay(Latency).ConfigureAwait(false);
        }

        if (throttle)
        {
            context.Response.Headers.RetryAfter = "1";
            return Results.Json(new { error = new { code = "Throttled", message = "Too many requests." } }, statusCode: 429);
        }

        if (Fault?.Invoke(call) is { } fault)
        {
            return Results.Json(new { error = new { code = "Fault", message = "Injected by the test." } }, statusCode: fault.Status);
        }

        calls.Enqueue(call);
        return Results.Json(new { id, activityId = $"activity-{Interlocked.Increment(ref nextId)}" }, statusCode: 201);
    }

    private IResult Member(string userId) =>
        Members.TryGetValue(Uri.UnescapeDataString(userId), out var m)
            ? Results.Json(new { id = userId, aadObjectId = m.AadObjectId, userPrincipalName = m.Upn, name = m.Name })
            : Results.Json(new { error = new { code = "MemberNotFoundInConversation", message = "Not found." } }, statusCode: 404);
}

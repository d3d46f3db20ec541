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
    private int nextId;

    private FakeBotConnector(WebApplication app) => this.app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    public IReadOnlyCollection<ConnectorCall> Calls => calls;

    /// <summary>Wire-format problems seen; a test that expects a well-formed bot asserts this is empty.</summary>
    public IReadOnlyCollection<string> Violations => violations;

    /// <summary>Decides a status code for a call before it is accepted (e.g. 429); null accepts it.</summary>
    public Func<ConnectorCall, (int Status, TimeSpan? RetryAfter)?>? Fault { get; set; }

    /// <summary>Channels per team for TeamsInfo.GetTeamChannelsAsync: team id → (channel id, name; null name = General).</summary>
    public ConcurrentDictionary<string, (string Id, string? Name)[]> TeamChannels { get; } = new();

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

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task<IResult> ReceiveAsync(HttpContext context, string conversationId)
    {
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
        var call = new ConnectorCall(context.Request.Method, context.Request.Path.Value ?? string.Empty, Uri.UnescapeDataString(conversationId), activity, DateTimeOffset.UtcNow);
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
        var parameters = await JsonNode.ParseAsync(context.Request.Body).ConfigureAwait(false) as JsonObject;
        var channelId = parameters?["channelData"]?["channel"]?["id"]?.GetValue<string>();
        if (parameters is null || (channelId is null && parameters["members"] is null))
        {
            violations.Enqueue("/v3/conversations: neither channelData.channel.id nor members given");
            return Results.Json(new { error = new { code = "BadSyntax", message = "No target." } }, statusCode: 400);
        }

        var id = channelId is null ? $"a:new-{Interlocked.Increment(ref nextId)}" : $"{channelId};messageid={Interlocked.Increment(ref nextId)}";
        var call = new ConnectorCall("POST", "/v3/conversations", id, parameters["activity"] as JsonObject, DateTimeOffset.UtcNow);
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

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CooperationBot.Benchmarks.Digests;

/// <summary>
/// The least of the Bot Connector service a digest turn needs, on loopback: a new channel post, and
/// replies. It answers at once, so a turn's time is the bot's own.
/// </summary>
public sealed class LoopbackConnector : IAsyncDisposable
{
    private readonly WebApplication app;
    private int posts;

    private LoopbackConnector(WebApplication app) => this.app = app;

    public Uri ServiceUrl { get; private set; } = null!;

    /// <summary>Channel posts and replies received so far.</summary>
    public int Posts => Volatile.Read(ref posts);

    public static async Task<LoopbackConnector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var connector = new LoopbackConnector(app);
        app.MapPost("/v3/conversations", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            var n = Interlocked.Increment(ref connector.posts);
            return Results.Json(new { id = $"19:bench@thread.tacv2;messageid={n}", activityId = $"activity-{n}" }, statusCode: 201);
        });
        app.MapPost("/v3/conversations/{conversationId}/activities", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Json(new { id = $"reply-{Interlocked.Increment(ref connector.posts)}" });
        });
        app.MapPost("/v3/conversations/{conversationId}/activities/{activityId}", async (HttpRequest request) =>
        {
            await request.Body.CopyToAsync(Stream.Null);
            return Results.Json(new { id = $"reply-{Interlocked.Increment(ref connector.posts)}" });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        connector.ServiceUrl = new Uri(address.TrimEnd('/') + "/");
        return connector;
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}

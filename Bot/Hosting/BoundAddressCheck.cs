using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace CooperationBot.Hosting;

/// <summary>
/// The last line of the loopback rule when the bot runs without an app id: once Kestrel has bound,
/// any address beyond loopback (set in code, or by a setting the start-up check does not know) stops
/// the bot instead of leaving it open to the network.
/// </summary>
internal sealed partial class BoundAddressCheck(IServer server, ILogger<BoundAddressCheck> logger) : IHostedLifecycleService
{
    public Task StartedAsync(CancellationToken cancellationToken)
    {
        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var remote = addresses.Where(a => !LocalHosting.IsLoopback(a)).ToList();
        if (remote.Count > 0)
        {
            var refusal = LocalHosting.Refusal(remote);
            LogRefused(refusal);
            throw new InvalidOperationException(refusal);
        }

        return Task.CompletedTask;
    }

    public Task StartingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Critical, Message = "{Refusal}")]
    private partial void LogRefused(string refusal);
}

using Microsoft.Extensions.Options;

namespace CooperationBot.Outbox;

/// <summary>
/// Runs the dispatcher in the background while this instance holds the dispatch lease; the other
/// instances wait and take over when the holder stops or dies. On a graceful stop the holder finishes
/// what it claimed, waits until its last second of sends has passed, and gives the lease up at once.
/// </summary>
public sealed partial class OutboxWorker(OutboxDispatcher dispatcher, DispatchLease lease, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                if (await TryHoldAsync(stoppingToken).ConfigureAwait(false) is { } heldUntil)
                {
                    await LeadAsync(heldUntil, stoppingToken).ConfigureAwait(false);
                }
                else
                {
                    await Task.Delay(options.Value.LeaseDuration / 5, clock, stoppingToken).ConfigureAwait(false);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    private async Task<DateTimeOffset?> TryHoldAsync(CancellationToken cancellationToken)
    {
        try
        {
            return await lease.TryHoldAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogLeaseFailed(ex);
            return null;
        }
    }

    private async Task LeadAsync(DateTimeOffset heldUntil, CancellationToken stoppingToken)
    {
        LogLeading(lease.Holder);
        using var leading = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var keeper = KeepAsync(heldUntil, leading);
        try
        {
            await dispatcher.RunAsync(leading.Token).ConfigureAwait(false);
        }
        finally
        {
            await leading.CancelAsync().ConfigureAwait(false);
            await keeper.ConfigureAwait(false);

            // The next holder starts with the whole budget: let this holder's last second pass first.
            await dispatcher.WhenQuietAsync().ConfigureAwait(false);
            try
            {
                await lease.ReleaseAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                // It runs out by itself.
                LogLeaseFailed(ex);
            }
        }
    }

    /// <summary>Renews the lease every third of its duration; stops the dispatcher before the lease could run out unrenewed.</summary>
    private async Task KeepAsync(DateTimeOffset heldUntil, CancellationTokenSource leading)
    {
        var every = options.Value.LeaseDuration / 3;
        while (!leading.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, clock, leading.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            DateTimeOffset? renewed;
            try
            {
                renewed = await lease.TryHoldAsync(leading.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            catch (Exception ex)
            {
                // Storage hiccup: keep dispatching while the lease certainly still holds, and try again.
                LogLeaseFailed(ex);
                renewed = heldUntil;
            }

            if (renewed is null || clock.GetUtcNow() >= renewed.Value - every)
            {
                LogLeaseLost(lease.Holder);
                await leading.CancelAsync().ConfigureAwait(false);
                return;
            }

            heldUntil = renewed.Value;
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Outbox: {Holder} holds the dispatch lease and delivers")]
    private partial void LogLeading(string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: {Holder} could not renew the dispatch lease in time and stops delivering")]
    private partial void LogLeaseLost(string holder);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Outbox: the dispatch lease could not be read or written")]
    private partial void LogLeaseFailed(Exception exception);
}

using Microsoft.Extensions.Options;

namespace CooperationBot.Outbox;

/// <summary>Runs the dispatcher in the background; an empty queue is polled at <see cref="OutboxOptions.PollInterval"/>.</summary>
public sealed partial class OutboxWorker(OutboxDispatcher dispatcher, IOptions<OutboxOptions> options, TimeProvider clock, ILogger<OutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var handled = 0;
            try
            {
                handled = await dispatcher.RunOnceAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Storage may be briefly unreachable: messages stay queued; try again after a pause.
                LogPollFailed(ex);
            }

            if (handled == 0)
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken).ConfigureAwait(false);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Outbox poll failed")]
    private partial void LogPollFailed(Exception exception);
}

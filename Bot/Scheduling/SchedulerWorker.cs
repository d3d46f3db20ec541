using Microsoft.Extensions.Options;

namespace CooperationBot.Scheduling;

public sealed class SchedulerOptions
{
    public const string Section = "Scheduler";

    public bool Enabled { get; set; } = true;

    public TimeSpan TickInterval { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>Ticks the scheduler in the background.</summary>
public sealed partial class SchedulerWorker(Scheduler scheduler, IOptions<SchedulerOptions> options, TimeProvider clock, ILogger<SchedulerWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await scheduler.TickAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The slot stays claimed but unfinished; it is taken over once the claim is stale.
                LogTickFailed(ex);
            }

            await Task.Delay(options.Value.TickInterval, clock, stoppingToken).ConfigureAwait(false);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "A scheduler tick failed")]
    private partial void LogTickFailed(Exception exception);
}

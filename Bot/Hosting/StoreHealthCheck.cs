using CooperationBot.Storage;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CooperationBot.Hosting;

internal sealed class StoreHealthCheck(IDocumentStore store) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        await store.CheckHealthAsync(cancellationToken).ConfigureAwait(false);
        return HealthCheckResult.Healthy();
    }
}

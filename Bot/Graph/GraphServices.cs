using CooperationBot.Committees;
using CooperationBot.Exports;
using CooperationBot.Reach;
using Microsoft.Extensions.Options;
using Microsoft.Graph;

namespace CooperationBot.Graph;

internal static class GraphServices
{
    /// <summary>
    /// The directory: Microsoft Graph when enabled, else one that reaches nobody new. Registered before
    /// the committee's default <see cref="IPeopleDirectory"/>, which Graph then also serves.
    /// </summary>
    public static IServiceCollection AddGraphDirectory(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<GraphOptions>, GraphOptionsDefaults>();
        services.AddSingleton<IValidateOptions<GraphOptions>, GraphOptionsValidation>();
        // One client (one connection pool, one token cache) for every Graph feature; built only when Graph is on.
        services.AddSingleton(sp => GraphClients.Create(sp.GetRequiredService<IOptions<GraphOptions>>().Value));
        services.AddSingleton<IReachDirectory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
            return options.IsEnabled
                ? new GraphDirectory(sp.GetRequiredService<GraphServiceClient>(), options, sp.GetRequiredService<ILogger<GraphDirectory>>())
                : new NoReachDirectory();
        });
        services.AddSingleton<IPeopleDirectory>(sp => sp.GetRequiredService<IReachDirectory>() as IPeopleDirectory ?? new NoPeopleDirectory());
        services.AddSingleton<IChannelFiles>(sp => sp.GetRequiredService<IOptions<GraphOptions>>().Value.IsEnabled
            ? new GraphChannelFiles(sp.GetRequiredService<GraphServiceClient>(), sp.GetRequiredService<ILogger<GraphChannelFiles>>())
            : new NoChannelFiles());
        return services;
    }
}

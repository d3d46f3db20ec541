using CooperationBot.Committees;
using CooperationBot.Reach;
using Microsoft.Extensions.Options;

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
        services.AddSingleton<IReachDirectory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
            return options.IsEnabled
                ? new GraphDirectory(GraphClients.Create(options), options, sp.GetRequiredService<ILogger<GraphDirectory>>())
                : new NoReachDirectory();
        });
        services.AddSingleton<IPeopleDirectory>(sp => sp.GetRequiredService<IReachDirectory>() as IPeopleDirectory ?? new NoPeopleDirectory());
        return services;
    }
}

using CooperationBot.Reach;
using Microsoft.Extensions.Options;

namespace CooperationBot.Graph;

internal static class GraphServices
{
    /// <summary>The people directory: Microsoft Graph when enabled, else one that reaches nobody new.</summary>
    public static IServiceCollection AddPeopleDirectory(this IServiceCollection services)
    {
        services.AddOptions<GraphOptions>().BindConfiguration(GraphOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<GraphOptions>, GraphOptionsDefaults>();
        services.AddSingleton<IValidateOptions<GraphOptions>, GraphOptionsValidation>();
        services.AddSingleton<IPeopleDirectory>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<GraphOptions>>().Value;
            return options.IsEnabled
                ? new GraphPeopleDirectory(GraphClients.Create(options), options, sp.GetRequiredService<ILogger<GraphPeopleDirectory>>())
                : new NoPeopleDirectory();
        });
        return services;
    }
}

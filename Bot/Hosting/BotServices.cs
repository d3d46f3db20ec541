using Azure.Core;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Digests;
using CooperationBot.Directives;
using CooperationBot.Exports;
using CooperationBot.Graph;
using CooperationBot.Imports;
using CooperationBot.Localization;
using CooperationBot.Outbox;
using CooperationBot.Reach;
using CooperationBot.Reports;
using CooperationBot.Scheduling;
using CooperationBot.Storage;
using CooperationBot.Teams;
using CooperationBot.Teams.Committees;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.Directives;
using CooperationBot.Teams.Exports;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Imports;
using CooperationBot.Teams.Proactive;
using CooperationBot.Teams.Reach;
using CooperationBot.Teams.Reports;
using CooperationBot.Teams.Scheduling;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CooperationBot.Hosting;

internal static class BotServices
{
    public static IServiceCollection AddCooperationBot(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<CommitteeOptions>().BindConfiguration(CommitteeOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<StorageOptions>().BindConfiguration(StorageOptions.Section).ValidateOnStart();
        services.AddOptions<LanguageOptions>().BindConfiguration(LanguageOptions.Section)
            .Validate(o => o.Language is "auto" or "zh-CN" or "en-US", "Localization:Language must be auto, zh-CN or en-US.").ValidateOnStart();
        services.AddSingleton(TimeProvider.System);

        // The file only seeds the store; the repository is the one place features get the committee from.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<CommitteeOptions>>().Value;
            var path = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, options.File);
            return new CommitteeSeed(CommitteeLoader.LoadFile(path, demoMode: false), options.DemoMode ?? LocalHosting.IsAnonymous(configuration));
        });
        services.AddSingleton(sp => new DocumentKeys(sp.GetRequiredService<CommitteeSeed>().Committee.Id));
        services.AddSingleton<CommitteeRepository>();
        services.AddSingleton<ICommitteeSource>(sp => sp.GetRequiredService<CommitteeRepository>());
        services.AddSingleton(CreateStore);
        services.AddOptions<ReportOptions>().BindConfiguration(ReportOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CommitteeHistory>();
        services.AddSingleton<CommitteeAdmin>();
        services.AddGraphDirectory();
        services.TryAddSingleton<IPeopleDirectory, NoPeopleDirectory>();
        services.AddSingleton<ReachRecords>();
        services.AddSingleton<PastReports>();
        services.AddSingleton<ReportService>();
        services.AddSingleton<DirectiveService>();
        services.AddSingleton<IDirectiveProgressSource>(sp => sp.GetRequiredService<DirectiveService>());
        services.AddSingleton<UnreachableRecipients>();
        services.AddSingleton<DigestService>();
        services.AddOptions<ExportOptions>().BindConfiguration(ExportOptions.Section).ValidateOnStart();
        services.AddSingleton<IPostConfigureOptions<ExportOptions>, ExportOptionsSetup>();
        services.AddSingleton<IValidateOptions<ExportOptions>, ExportOptionsSetup>();
        services.AddSingleton<SigningKey>();
        services.AddSingleton<DownloadLinks>();
        services.AddSingleton<MaterialsSource>();
        services.AddSingleton<ExportService>();
        services.AddSingleton<ChannelExport>();
        services.AddSingleton<ImportService>();

        services.AddHealthChecks().AddCheck<StoreHealthCheck>("store");

        // Teams layer: Bot Builder types stay below this line.
        services.AddHttpClient();
        services.AddSingleton<BotFrameworkAuthentication>(sp => new ReusedBotClients(new ConfigurationBotFrameworkAuthentication(
            configuration,
            httpClientFactory: sp.GetRequiredService<IHttpClientFactory>(),
            logger: sp.GetRequiredService<ILogger<BotFrameworkAuthentication>>())));

        // CloudAdapter has two constructors DI finds ambiguous, so it is built here.
        services.AddSingleton<CloudAdapter>(sp => new BotAdapter(
            sp.GetRequiredService<BotFrameworkAuthentication>(),
            sp.GetRequiredService<ILogger<BotAdapter>>(),
            sp.GetRequiredService<ICommitteeSource>(),
            sp.GetRequiredService<IOptions<LanguageOptions>>().Value.Fixed));
        services.AddSingleton<IBotFrameworkHttpAdapter>(sp => sp.GetRequiredService<CloudAdapter>());
        services.AddSingleton(sp => (BotAdapter)sp.GetRequiredService<CloudAdapter>());
        services.AddSingleton<MessageEndpoint>();
        services.AddSingleton<TurnUserResolver>();
        services.AddSingleton<ConversationReferences>();
        services.AddSingleton<UserLanguages>();
        services.AddSingleton<ReportActions>();
        services.AddSingleton<DirectiveActions>();
        services.AddSingleton<DigestActions>();
        services.AddSingleton<ExportActions>();
        services.AddSingleton<ImportActions>();
        services.AddHttpClient(ImportActions.HttpClientName, client => client.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton<ChannelDirectory>();
        services.AddSingleton<PeopleNames>();
        services.AddSingleton<CommitteeActions>();
        services.AddSingleton<IProactiveMessenger, OutboxMessenger>();
        services.AddSingleton<IOutboxDeliverer, TeamsOutboxDeliverer>();
        services.AddOptions<OutboxOptions>().BindConfiguration(OutboxOptions.Section)
            .Validate(o => o.MaxInFlight >= 1 && o.MaxAttempts >= 1 && o.LeaseDuration >= TimeSpan.FromSeconds(1) && o.VisibilityTimeout > TimeSpan.Zero && o.PerConversationPerSecond >= 0 && o.PerTenantPerSecond >= 0,
                "Outbox: MaxInFlight and MaxAttempts must be at least 1, LeaseDuration at least 1 second, VisibilityTimeout positive, and the per-second limits 0 (none) or more.")
            .ValidateOnStart();
        services.AddSingleton(CreateOutboxQueue);
        services.AddSingleton<ProactiveOutbox>();
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<DispatchLease>();
        services.AddHostedService<OutboxWorker>();
        services.AddSingleton<SlotPlanner>();
        services.AddSingleton<Scheduler>();
        services.AddOptions<SchedulerOptions>().BindConfiguration(SchedulerOptions.Section);
        services.AddSingleton<Reminders>();
        services.AddSingleton<ReminderActions>();
        services.AddSingleton<CycleActions>();
        services.AddSingleton<HelpActions>();
        services.AddSingleton<Features>();
        services.AddSingleton<FrontDoor>();
        services.AddSingleton<IScheduledJob, ReminderJob>();
        services.AddSingleton<IScheduledJob, DigestJob>();
        services.AddHostedService<SchedulerWorker>();
        services.AddSingleton<BotEndpoints>();
        services.AddSingleton<Greetings>();
        services.AddSingleton<Reacher>();
        services.AddSingleton<ReachActions>();
        services.AddTransient<IBot, CooperationBotHandler>();
        return services;
    }

    /// <summary>Azure Queue Storage when an account is configured, else a queue inside the embedded store.</summary>
    private static IOutboxQueue CreateOutboxQueue(IServiceProvider sp)
    {
        var storage = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
        var queueName = sp.GetRequiredService<IOptions<OutboxOptions>>().Value.QueueName;
        if (!string.IsNullOrWhiteSpace(storage.ConnectionString))
        {
            return new AzureQueueOutbox(new QueueClient(storage.ConnectionString, queueName), sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<DocumentKeys>(), sp.GetRequiredService<ILogger<AzureQueueOutbox>>());
        }

        if (storage.QueueServiceUri is { } uri)
        {
            return new AzureQueueOutbox(new QueueServiceClient(uri, Credential(storage)).GetQueueClient(queueName), sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<DocumentKeys>(), sp.GetRequiredService<ILogger<AzureQueueOutbox>>());
        }

        return new StoreOutboxQueue(sp.GetRequiredService<IDocumentStore>(), sp.GetRequiredService<DocumentKeys>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<StoreOutboxQueue>>());
    }

    private static TokenCredential Credential(StorageOptions options) => string.IsNullOrWhiteSpace(options.ManagedIdentityClientId)
        ? new DefaultAzureCredential()
        : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(options.ManagedIdentityClientId));

    /// <summary>Azure Blob Storage when an account is configured, else the embedded folder store.</summary>
    private static IDocumentStore CreateStore(IServiceProvider sp)
    {
        var options = sp.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new BlobDocumentStore(new BlobContainerClient(options.ConnectionString, options.ContainerName, QuickRetries()));
        }

        if (options.BlobServiceUri is { } uri)
        {
            return new BlobDocumentStore(new BlobServiceClient(uri, Credential(options), QuickRetries()).GetBlobContainerClient(options.ContainerName));
        }

        var folder = Path.Combine(sp.GetRequiredService<IHostEnvironment>().ContentRootPath, options.LocalFolder);
        return new LocalFolderStore(folder);
    }

    /// <summary>
    /// Storage calls behind a turn give up within seconds (the SDK default retries for about 25 s), so a
    /// user in Teams, which waits about 15 s for the bot, gets the polite "try again" when storage is
    /// down rather than a timeout; a transient blip still gets two quick retries.
    /// </summary>
    private static BlobClientOptions QuickRetries()
    {
        var options = new BlobClientOptions();
        options.Retry.Mode = RetryMode.Exponential;
        options.Retry.MaxRetries = 2;
        options.Retry.Delay = TimeSpan.FromMilliseconds(250);
        options.Retry.MaxDelay = TimeSpan.FromSeconds(1);
        options.Retry.NetworkTimeout = TimeSpan.FromSeconds(4);
        return options;
    }
}

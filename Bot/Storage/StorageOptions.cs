namespace CooperationBot.Storage;

public sealed class StorageOptions
{
    public const string Section = "Storage";

    /// <summary>Azure Storage connection string (local use, e.g. Azurite). Takes precedence over the URIs.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Blob endpoint used with a managed identity in Azure, e.g. https://account.blob.core.windows.net.</summary>
    public Uri? BlobServiceUri { get; set; }

    /// <summary>Queue endpoint (the proactive-message outbox) used with a managed identity in Azure.</summary>
    public Uri? QueueServiceUri { get; set; }

    /// <summary>Client id of the user-assigned managed identity; empty means the default Azure credential chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string ContainerName { get; set; } = "cooperationbot";

    /// <summary>Folder of the embedded store, used when no storage account is configured. Relative to the content root.</summary>
    public string LocalFolder { get; set; } = ".data";
}

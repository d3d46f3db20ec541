using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;

namespace CooperationBot.Storage;

/// <summary>
/// Azure Blob Storage: one block blob per document, with the blob's ETag for optimistic
/// concurrency (If-Match, or If-None-Match: * for "create only").
/// </summary>
public sealed class BlobDocumentStore(BlobContainerClient container) : IDocumentStore
{
    // Set once the container is known to exist; a failed attempt is retried on the next call.
    private volatile bool containerReady;

    public async Task<string?> ReadETagAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var properties = await container.GetBlobClient(StoreKeys.Validate(key) + ".json").GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            return properties.Value.ETag.ToString("H");
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<Stored<T>?> ReadAsync<T>(string key, CancellationToken cancellationToken)
        where T : class
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var response = await container.GetBlobClient(StoreKeys.Validate(key) + ".json")
                .DownloadContentAsync(cancellationToken).ConfigureAwait(false);
            return new Stored<T>(DocumentJson.Deserialize<T>(response.Value.Content.ToMemory().Span), response.Value.Details.ETag.ToString("H"));
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return null;
        }
    }

    public async Task<string> WriteAsync<T>(string key, T value, string? ifMatch, CancellationToken cancellationToken)
        where T : class
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var conditions = ifMatch is null
            ? new BlobRequestConditions { IfNoneMatch = ETag.All }
            : new BlobRequestConditions { IfMatch = new ETag(ifMatch) };
        try
        {
            var response = await container.GetBlobClient(StoreKeys.Validate(key) + ".json").UploadAsync(
                BinaryData.FromBytes(DocumentJson.Serialize(value)),
                new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/json" } },
                cancellationToken).ConfigureAwait(false);
            return response.Value.ETag.ToString("H");
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            throw new ConcurrencyConflictException(key);
        }
    }

    public async Task DeleteAsync(string key, string? ifMatch, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await container.GetBlobClient(StoreKeys.Validate(key) + ".json").DeleteIfExistsAsync(
                DeleteSnapshotsOption.None,
                ifMatch is null ? null : new BlobRequestConditions { IfMatch = new ETag(ifMatch) },
                cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException ex) when (ex.Status == 412)
        {
            throw new ConcurrencyConflictException(key);
        }
    }

    public async Task<IReadOnlyList<string>> ListKeysAsync(string prefix, CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        await foreach (var blob in container.GetBlobsAsync(BlobTraits.None, BlobStates.None, prefix, cancellationToken).ConfigureAwait(false))
        {
            if (blob.Name.EndsWith(".json", StringComparison.Ordinal))
            {
                keys.Add(blob.Name[..^".json".Length]);
            }
        }

        return keys;
    }

    public async Task CheckHealthAsync(CancellationToken cancellationToken)
    {
        await EnsureContainerAsync(cancellationToken).ConfigureAwait(false);
        await container.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
    }

    private async Task EnsureContainerAsync(CancellationToken cancellationToken)
    {
        if (!containerReady)
        {
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
            containerReady = true;
        }
    }
}

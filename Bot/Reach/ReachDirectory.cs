namespace CooperationBot.Reach;

/// <summary>Why the bot could not open a chat with someone. Each reason asks organisers for a different fix.</summary>
public enum ReachFailure
{
    /// <summary>No user with that UPN or e-mail address in the organisation's directory.</summary>
    NotInDirectory,

    /// <summary>A Teams app permission policy does not allow this app for the person.</summary>
    BlockedByPolicy,

    /// <summary>The app is not published in the organisation's Teams app catalog.</summary>
    NotInCatalog,

    /// <summary>The bot's identity lacks a Graph application permission (admin consent missing).</summary>
    MissingPermission,

    /// <summary>The person has no Teams licence, so Teams cannot host a chat with them.</summary>
    NotLicensed,

    /// <summary>Graph was throttling, failing or too slow even after retries: trying again later may work.</summary>
    GraphUnavailable,

    /// <summary>Graph refused for a reason not listed above; <see cref="DirectoryProblem.Detail"/> says which.</summary>
    Refused,
}

/// <param name="Detail">The permission that is missing, or the HTTP status and error code Graph gave.</param>
public sealed record DirectoryProblem(ReachFailure Reason, string? Detail = null);

/// <summary>A person as the organisation's directory knows them.</summary>
public sealed record DirectoryUser(string Id, string? UserPrincipalName, string? Mail, string? DisplayName);

/// <summary>What a directory call found, or why it found nothing.</summary>
public sealed record DirectoryAnswer<T>(T? Value, DirectoryProblem? Problem)
    where T : class
{
    public static DirectoryAnswer<T> Found(T value) => new(value, null);

    public static DirectoryAnswer<T> Failed(ReachFailure reason, string? detail = null) => new(null, new DirectoryProblem(reason, detail));
}

/// <summary>
/// The organisation's directory and Teams app installations, as the bot needs them: find people and
/// open a 1:1 chat with them by installing the app. Implemented over Microsoft Graph (Bot/Graph);
/// nothing here exposes Graph's types.
/// </summary>
public interface IReachDirectory
{
    /// <summary>False when Graph is not configured (local/demo use): the bot then reaches only people who opened it.</summary>
    bool Enabled { get; }

    /// <summary>How many people may be worked on at once without provoking throttling.</summary>
    int Concurrency { get; }

    /// <summary>Finds a person by UPN, else by e-mail address.</summary>
    Task<DirectoryAnswer<DirectoryUser>> FindByAddressAsync(string upnOrMail, CancellationToken cancellationToken);

    Task<DirectoryAnswer<DirectoryUser>> FindByIdAsync(string aadObjectId, CancellationToken cancellationToken);

    /// <summary>Installs the bot's Teams app for the user (already installed counts as done) and returns the installation's id.</summary>
    Task<DirectoryAnswer<string>> InstallAppAsync(string userId, CancellationToken cancellationToken);

    /// <summary>The id of the 1:1 chat between the user and the app installed for them.</summary>
    Task<DirectoryAnswer<string>> ChatIdAsync(string userId, string installationId, CancellationToken cancellationToken);
}

/// <summary>The directory when Graph is off: nothing can be looked up or installed.</summary>
public sealed class NoReachDirectory : IReachDirectory
{
    public bool Enabled => false;

    public int Concurrency => 1;

    public Task<DirectoryAnswer<DirectoryUser>> FindByAddressAsync(string upnOrMail, CancellationToken cancellationToken) => throw Off();

    public Task<DirectoryAnswer<DirectoryUser>> FindByIdAsync(string aadObjectId, CancellationToken cancellationToken) => throw Off();

    public Task<DirectoryAnswer<string>> InstallAppAsync(string userId, CancellationToken cancellationToken) => throw Off();

    public Task<DirectoryAnswer<string>> ChatIdAsync(string userId, string installationId, CancellationToken cancellationToken) => throw Off();

    private static InvalidOperationException Off() => new("Microsoft Graph is not enabled (Graph:Enabled); check IReachDirectory.Enabled first.");
}

namespace CooperationBot.Committees;

/// <summary>
/// Finds the display name of someone picked in Teams' people picker (the picker gives only the Entra
/// object id). A directory such as Microsoft Graph plugs in here; without one, the Teams layer asks the
/// committee's team, and the organiser types the name when nobody knows it.
/// </summary>
public interface IPeopleDirectory
{
    Task<string?> DisplayNameOfAsync(string aadObjectId, CancellationToken cancellationToken);
}

/// <summary>No directory configured: names come from the committee and the team.</summary>
public sealed class NoPeopleDirectory : IPeopleDirectory
{
    public Task<string?> DisplayNameOfAsync(string aadObjectId, CancellationToken cancellationToken) => Task.FromResult<string?>(null);
}

using CooperationBot.Storage;

namespace CooperationBot.Conversations;

public sealed record KnownChannel(string Id, string? Name, bool Deleted);

/// <summary>
/// A team the bot was added to. In Teams the General channel's id is the team's id; <paramref name="AadGroupId"/>
/// is the team's Microsoft 365 group id, which Microsoft Graph addresses the team by (null until Teams told it).
/// </summary>
public sealed record KnownTeam(string TeamId, string? Name, string ServiceUrl, string? TenantId, IReadOnlyList<KnownChannel> Channels, bool BotRemoved, DateTimeOffset UpdatedAt, string? AadGroupId = null);

/// <summary>The channel an organiser bound the committee to.</summary>
public sealed record ChannelBinding(string TeamId, string ChannelId, string BoundByName, DateTimeOffset BoundAt);

/// <summary>Every team and channel the bot knows for the committee, and the binding: one small document.</summary>
public sealed record ChannelDirectoryDocument(IReadOnlyList<KnownTeam> Teams, ChannelBinding? Binding)
{
    public static ChannelDirectoryDocument Empty { get; } = new([], null);
}

public enum MeetingChannelProblem
{
    None,

    /// <summary>The bot is in no team yet.</summary>
    NoTeam,

    /// <summary>The bot is in a team, but no organiser has bound a channel: digests go to organisers only.</summary>
    NotBound,

    /// <summary>The bound channel was deleted; the team's General channel is used instead.</summary>
    BoundChannelDeleted,

    /// <summary>The bot was removed from the bound team.</summary>
    BotRemovedFromTeam,
}

/// <summary>Where digests go: a channel, or why there is none (to tell organisers).</summary>
public sealed record MeetingChannel(KnownTeam? Team, KnownChannel? Channel, bool Bound, MeetingChannelProblem Problem);

/// <summary>Records teams and channels from Teams events and resolves the committee's meeting channel.</summary>
public sealed class ChannelDirectory(IDocumentStore store, DocumentKeys keys, TimeProvider clock)
{
    private string Key => keys.Channels;

    public async Task<ChannelDirectoryDocument> GetAsync(CancellationToken cancellationToken) =>
        (await store.ReadAsync<ChannelDirectoryDocument>(Key, cancellationToken).ConfigureAwait(false))?.Value ?? ChannelDirectoryDocument.Empty;

    /// <summary>
    /// The bot is (still) in this team with these channels; channels not listed are kept as they were.
    /// Only teams the bot joined or an organiser used are created (<paramref name="createIfUnknown"/>); a
    /// message from any other team records nothing, and ids longer than Teams makes are never kept.
    /// </summary>
    public Task RecordTeamAsync(string teamId, string? teamName, string serviceUrl, string? tenantId, IReadOnlyList<KnownChannel> channels, CancellationToken cancellationToken, bool createIfUnknown = true, string? aadGroupId = null)
    {
        if (!ConversationLimits.Fits(teamId, ConversationLimits.Id) || !ConversationLimits.Fits(serviceUrl, ConversationLimits.Id) || !ConversationLimits.Fits(tenantId, ConversationLimits.Id) || !ConversationLimits.Fits(aadGroupId, ConversationLimits.Id))
        {
            return Task.CompletedTask;
        }

        var fitting = channels.Where(c => ConversationLimits.Fits(c.Id, ConversationLimits.Id)).Select(c => c with { Name = ConversationLimits.Cut(c.Name) }).ToList();
        return UpdateTeamAsync(teamId, existing =>
        {
            if (existing is null && !createIfUnknown)
            {
                return null;
            }

            // Past the limit, channels already known are still updated but new ones are not added.
            var old = existing?.Channels ?? [];
            var room = Math.Max(0, ConversationLimits.ChannelsPerTeam - old.Count - 1);
            var accepted = fitting.Where(n => old.Any(c => c.Id == n.Id)).Concat(fitting.Where(n => old.All(c => c.Id != n.Id)).Take(room)).ToList();
            var merged = old.Where(c => accepted.All(n => n.Id != c.Id)).Concat(accepted).ToList();
            if (merged.All(c => c.Id != teamId))
            {
                merged.Insert(0, new KnownChannel(teamId, null, false));
            }

            return new KnownTeam(teamId, ConversationLimits.Cut(teamName) ?? existing?.Name, serviceUrl, tenantId ?? existing?.TenantId, merged, false, clock.GetUtcNow(), aadGroupId ?? existing?.AadGroupId);
        }, cancellationToken);
    }

    /// <summary>The Microsoft 365 group id of a known team, once learnt from Teams (e.g. its team details).</summary>
    public Task RecordGroupIdAsync(string teamId, string aadGroupId, CancellationToken cancellationToken) =>
        ConversationLimits.Fits(aadGroupId, ConversationLimits.Id)
            ? UpdateTeamAsync(teamId, existing => existing is null ? null : existing with { AadGroupId = aadGroupId }, cancellationToken)
            : Task.CompletedTask;

    public Task RecordBotRemovedAsync(string teamId, CancellationToken cancellationToken) =>
        UpdateTeamAsync(teamId, existing => existing is null ? null : existing with { BotRemoved = true, UpdatedAt = clock.GetUtcNow() }, cancellationToken);

    public Task RecordChannelDeletedAsync(string teamId, string channelId, CancellationToken cancellationToken) =>
        UpdateTeamAsync(teamId, existing => existing is null ? null : existing with
        {
            Channels = existing.Channels.Select(c => c.Id == channelId ? c with { Deleted = true } : c).ToList(),
            UpdatedAt = clock.GetUtcNow(),
        }, cancellationToken);

    /// <summary>Binds the committee to a channel of a team the bot is in; false (nothing stored) for ids no Teams channel has.</summary>
    public async Task<bool> BindAsync(string teamId, string channelId, string byName, CancellationToken cancellationToken)
    {
        if (!ConversationLimits.Fits(teamId, ConversationLimits.Id) || !ConversationLimits.Fits(channelId, ConversationLimits.Id))
        {
            return false;
        }

        return await store.UpdateAsync<ChannelDirectoryDocument, bool>(Key, doc => new((doc ?? ChannelDirectoryDocument.Empty) with
        {
            Binding = new ChannelBinding(teamId, channelId, byName, clock.GetUtcNow()),
        }, true), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether a team is the committee's: the bound team, or while no channel is bound, a team the bot is in.
    /// Its members may refresh the digests posted there.
    /// </summary>
    public async Task<bool> IsCommitteeTeamAsync(string teamId, CancellationToken cancellationToken)
    {
        var doc = await GetAsync(cancellationToken).ConfigureAwait(false);
        return doc.Binding is { } binding
            ? binding.TeamId == teamId
            : doc.Teams.Any(t => t.TeamId == teamId && !t.BotRemoved);
    }

    /// <summary>
    /// The bound channel while it exists, else the bound team's General channel. Never a team nobody
    /// bound: a mention of the bot in any other team must not redirect the committee's digests there.
    /// </summary>
    public async Task<MeetingChannel> ResolveAsync(CancellationToken cancellationToken)
    {
        var doc = await GetAsync(cancellationToken).ConfigureAwait(false);
        if (doc.Binding is not { } binding)
        {
            return new MeetingChannel(null, null, false, doc.Teams.Any(t => !t.BotRemoved) ? MeetingChannelProblem.NotBound : MeetingChannelProblem.NoTeam);
        }

        var team = doc.Teams.FirstOrDefault(t => t.TeamId == binding.TeamId);
        if (team is null or { BotRemoved: true })
        {
            return new MeetingChannel(null, null, false, MeetingChannelProblem.BotRemovedFromTeam);
        }

        var channel = team.Channels.FirstOrDefault(c => c.Id == binding.ChannelId);
        if (channel is { Deleted: false })
        {
            return new MeetingChannel(team, channel, true, MeetingChannelProblem.None);
        }

        var general = team.Channels.FirstOrDefault(c => c.Id == team.TeamId) ?? new KnownChannel(team.TeamId, null, false);
        return new MeetingChannel(team, general, false, MeetingChannelProblem.BoundChannelDeleted);
    }

    private Task UpdateTeamAsync(string teamId, Func<KnownTeam?, KnownTeam?> change, CancellationToken cancellationToken) =>
        store.UpdateAsync<ChannelDirectoryDocument, bool>(Key, doc =>
        {
            var current = doc ?? ChannelDirectoryDocument.Empty;
            var existing = current.Teams.FirstOrDefault(t => t.TeamId == teamId);
            var updated = change(existing);
            if (updated is null)
            {
                return new(null, false);
            }

            var teams = current.Teams.Where(t => t.TeamId != teamId).Append(updated).ToList();

            // Never more than the limit: the least recently seen teams go first, the bound team never.
            var surplus = teams.Count - ConversationLimits.Teams;
            if (surplus > 0)
            {
                var dropped = teams.Where(t => t.TeamId != current.Binding?.TeamId && t.TeamId != teamId).OrderBy(t => t.UpdatedAt).Take(surplus).Select(t => t.TeamId).ToHashSet();
                teams = teams.Where(t => !dropped.Contains(t.TeamId)).ToList();
            }

            return new(current with { Teams = teams }, true);
        }, cancellationToken);
}

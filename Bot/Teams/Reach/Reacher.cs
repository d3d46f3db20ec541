using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Localization;
using CooperationBot.Reach;
using CooperationBot.Teams.Proactive;
using CooperationBot.Teams.Reports;
using Microsoft.Bot.Connector;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Reach;

internal enum ReachStatus
{
    /// <summary>The bot already had a chat with them (they opened it, or an earlier run opened it).</summary>
    ReachedBefore,

    /// <summary>This run installed the app for them and opened the chat.</summary>
    ReachedNow,

    NotReached,
}

internal sealed record ReachOutcome(Person Person, ReachStatus Status, DirectoryProblem? Problem = null);

/// <summary>What one run did for each person, in the committee's order.</summary>
internal sealed record ReachReport(IReadOnlyList<ReachOutcome> People)
{
    public IReadOnlyList<ReachOutcome> Before => People.Where(p => p.Status == ReachStatus.ReachedBefore).ToList();

    public IReadOnlyList<ReachOutcome> Now => People.Where(p => p.Status == ReachStatus.ReachedNow).ToList();

    public IReadOnlyList<ReachOutcome> NotReached => People.Where(p => p.Status == ReachStatus.NotReached).ToList();

    public DirectoryProblem? ProblemOf(Person person) =>
        People.FirstOrDefault(p => ReachRecords.KeyOf(p.Person) == ReachRecords.KeyOf(person))?.Problem;
}

/// <summary>
/// Opens a 1:1 chat with people who never opened the bot: find them in the directory, install the
/// app for them, take the chat that installation opens. Every step that succeeded is stored, so a
/// second run repeats none of it; people are worked on a few at a time, and one who cannot be
/// reached never holds up the others.
/// </summary>
internal sealed partial class Reacher(
    IReachDirectory directory,
    ConversationReferences conversations,
    ReachRecords records,
    BotEndpoints endpoints,
    Greetings greetings,
    TimeProvider clock,
    ILogger<Reacher> logger)
{
    public bool Enabled => directory.Enabled;

    /// <summary>Every contact and organiser, each once.</summary>
    public static IReadOnlyList<Person> Everyone(Committee committee) =>
        committee.Units.SelectMany(u => u.Contacts).Concat(committee.Organisers).DistinctBy(ReachRecords.KeyOf).ToList();

    /// <param name="greet">Send the greeting to those reached now (a reminder that follows carries its own card instead).</param>
    public async Task<ReachReport> ReachAsync(Committee committee, IEnumerable<Person> people, bool greet, CancellationToken cancellationToken)
    {
        var list = people.DistinctBy(ReachRecords.KeyOf).ToList();
        var outcomes = new ReachOutcome[list.Count];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = directory.Concurrency, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(Enumerable.Range(0, list.Count), parallel, async (i, ct) =>
        {
            try
            {
                outcomes[i] = await ReachOneAsync(committee, list[i], greet, ct).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The store or the outbox failed for this person: the others carry on.
                LogReachFailed(ex, list[i].Name);
                outcomes[i] = new ReachOutcome(list[i], ReachStatus.NotReached, new DirectoryProblem(ReachFailure.GraphUnavailable, ex.GetType().Name));
            }
        }).ConfigureAwait(false);
        return new ReachReport(outcomes);
    }

    private async Task<ReachOutcome> ReachOneAsync(Committee committee, Person person, bool greet, CancellationToken cancellationToken)
    {
        // Someone with a chat costs two reads and no Graph call.
        var aad = await conversations.AadObjectIdOfAsync(person, cancellationToken).ConfigureAwait(false);
        if (aad is not null && await conversations.FindAsync(aad, cancellationToken).ConfigureAwait(false) is not null)
        {
            return new ReachOutcome(person, ReachStatus.ReachedBefore);
        }

        if (!directory.Enabled)
        {
            return new ReachOutcome(person, ReachStatus.NotReached);
        }

        var record = await records.GetAsync(person, cancellationToken).ConfigureAwait(false)
            ?? new ReachRecord(ReachRecords.KeyOf(person), null, null, null, null, clock.GetUtcNow());
        aad ??= record.AadObjectId;

        if (aad is null)
        {
            if (person.Upn is null)
            {
                return await FailAsync(person, record, new DirectoryProblem(ReachFailure.NotInDirectory), cancellationToken).ConfigureAwait(false);
            }

            var found = await directory.FindByAddressAsync(person.Upn, cancellationToken).ConfigureAwait(false);
            if (found.Value is null)
            {
                return await FailAsync(person, record, found.Problem!, cancellationToken).ConfigureAwait(false);
            }

            aad = found.Value.Id;
            await conversations.LearnUpnAsync(person.Upn, aad, cancellationToken).ConfigureAwait(false);
            record = await SaveAsync(record with { AadObjectId = aad }, cancellationToken).ConfigureAwait(false);
            if (await conversations.FindAsync(aad, cancellationToken).ConfigureAwait(false) is not null)
            {
                return new ReachOutcome(person, ReachStatus.ReachedBefore);
            }
        }

        if (record.InstallationId is null)
        {
            var installed = await directory.InstallAppAsync(aad, cancellationToken).ConfigureAwait(false);
            if (installed.Value is null)
            {
                return await FailAsync(person, record, installed.Problem!, cancellationToken).ConfigureAwait(false);
            }

            record = await SaveAsync(record with { AadObjectId = aad, InstallationId = installed.Value }, cancellationToken).ConfigureAwait(false);
        }

        var chat = await directory.ChatIdAsync(aad, record.InstallationId!, cancellationToken).ConfigureAwait(false);
        if (chat.Value is null)
        {
            // The installation may be gone (uninstalled meanwhile): the next run installs again.
            return await FailAsync(person, record with { InstallationId = null }, chat.Problem!, cancellationToken).ConfigureAwait(false);
        }

        var endpoint = await endpoints.GetAsync(cancellationToken).ConfigureAwait(false);
        var conversation = new StoredConversation(Channels.Msteams, endpoint.ServiceUrl, chat.Value, endpoint.TenantId, endpoint.BotId, aad, aad, clock.GetUtcNow(), person.Upn);

        // Teams also announces the installation to the bot, which welcomes once: whichever stores the
        // conversation first greets, so the person is greeted once either way.
        if (await conversations.AdoptAsync(conversation, cancellationToken).ConfigureAwait(false) && greet)
        {
            await greetings.SendAsync(committee, person, aad, cancellationToken).ConfigureAwait(false);
        }

        await SaveAsync(record with { AadObjectId = aad, Failure = null, Detail = null }, cancellationToken).ConfigureAwait(false);
        return new ReachOutcome(person, ReachStatus.ReachedNow);
    }

    private async Task<ReachOutcome> FailAsync(Person person, ReachRecord record, DirectoryProblem problem, CancellationToken cancellationToken)
    {
        await SaveAsync(record with { Failure = problem.Reason, Detail = problem.Detail }, cancellationToken).ConfigureAwait(false);
        return new ReachOutcome(person, ReachStatus.NotReached, problem);
    }

    private async Task<ReachRecord> SaveAsync(ReachRecord record, CancellationToken cancellationToken)
    {
        var stamped = record with { At = clock.GetUtcNow() };
        await records.SaveAsync(stamped, cancellationToken).ConfigureAwait(false);
        return stamped;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not reach {Name}")]
    private partial void LogReachFailed(Exception exception, string name);
}

/// <summary>The first message to someone the bot reached on its own: their unit's report card, or the help for organisers.</summary>
internal sealed class Greetings(IProactiveMessenger messenger, ReportActions reportActions)
{
    public async Task SendAsync(Committee committee, Person person, string aadObjectId, CancellationToken cancellationToken)
    {
        // Nobody has told us their language yet: the committee's.
        var t = new Texts(committee.DefaultLanguage);
        var roles = Membership.Of(committee).RolesOf(new UserIdentity(aadObjectId, person.Name, person.Upn));
        var title = committee.Meeting.Title.For(t.Culture);
        JObject? card = null;
        string text;
        if (roles.IsContact)
        {
            card = roles.ContactOf.Count == 1
                ? await reportActions.CardForAsync(t, committee, roles.ContactOf[0], cancellationToken).ConfigureAwait(false)
                : ReportCards.UnitPicker(t, roles.ContactOf, committee.CycleId);
            CardLanguage.Stamp(card, t.Culture);
            text = t.Format("Reach_GreetingContact", person.Name, title, t.List(roles.ContactOf.Select(u => u.ShortName.For(t.Culture))));
        }
        else
        {
            text = t.Format("Reach_Greeting", person.Name, title) + "\n\n" + HelpMessage.Build(t, committee, roles);
        }

        // One key per person: a greeting is queued once whatever happens after.
        await messenger.SendAsync(new ProactiveMessage($"greeting/{aadObjectId.ToLowerInvariant()}", aadObjectId, text, card), cancellationToken).ConfigureAwait(false);
    }
}

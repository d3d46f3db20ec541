using CooperationBot.Committees;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.Reports;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Reach;

/// <summary>Teams side of `reach everyone`: the command, and the button on the digest and on the remind answer.</summary>
internal sealed class ReachActions(Reacher reacher, ConversationReferences conversations, DigestActions digests)
{
    public async Task ReachEveryoneAsync(ITurnContext turn, TurnUser user, CancellationToken cancellationToken)
    {
        if (!user.Roles.IsOrganiser)
        {
            await turn.SendActivityAsync(user.Texts.OrganisersOnly(user.Committee), cancellationToken: cancellationToken).ConfigureAwait(false);
            return;
        }

        var summary = await SummaryAsync(user, cancellationToken).ConfigureAwait(false);
        await turn.SendActivityAsync(MessageFactory.Attachment(ReportActions.AsAttachment(summary)), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The button: on a digest the summary is posted and the digest refreshed; on the remind answer the summary replaces it.</summary>
    public async Task<JObject> ExecuteAsync(ITurnContext turn, TurnUser user, JObject? data, CancellationToken cancellationToken)
    {
        var onDigest = data?["digestId"] is not null;
        if (!user.Roles.IsOrganiser)
        {
            var refusal = user.Texts.OrganisersOnly(user.Committee);
            if (!onDigest)
            {
                return ReportCards.Notice(refusal);
            }

            await turn.SendActivityAsync(refusal, cancellationToken: cancellationToken).ConfigureAwait(false);
            return await digests.RefreshAsync(data, cancellationToken).ConfigureAwait(false);
        }

        var summary = await SummaryAsync(user, cancellationToken).ConfigureAwait(false);
        if (!onDigest)
        {
            return summary;
        }

        await turn.SendActivityAsync(MessageFactory.Attachment(ReportActions.AsAttachment(summary)), cancellationToken).ConfigureAwait(false);
        return await digests.RefreshAsync(data, cancellationToken).ConfigureAwait(false);
    }

    private async Task<JObject> SummaryAsync(TurnUser user, CancellationToken cancellationToken)
    {
        var committee = user.Committee;
        var everyone = Reacher.Everyone(committee);
        if (reacher.Enabled)
        {
            return ReachCards.Summary(user.Texts, committee, await reacher.ReachAsync(committee, everyone, greet: true, cancellationToken).ConfigureAwait(false));
        }

        var notOpened = new List<Person>();
        foreach (var person in everyone)
        {
            if (await conversations.AadObjectIdOfAsync(person, cancellationToken).ConfigureAwait(false) is not { } aad ||
                await conversations.FindAsync(aad, cancellationToken).ConfigureAwait(false) is null)
            {
                notOpened.Add(person);
            }
        }

        return ReachCards.NotConfigured(user.Texts, committee, notOpened);
    }
}

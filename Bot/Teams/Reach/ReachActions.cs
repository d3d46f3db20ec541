using System.ComponentModel.DataAnnotations;
using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Teams.Digests;
using CooperationBot.Teams.FrontDoor;
using CooperationBot.Teams.Reports;
using Microsoft.Bot.Builder;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Teams.Reach;

/// <summary>The "reach everyone" button's data: the digest it sits on, or none under the remind answer.</summary>
internal sealed record ReachRef(
    [property: StringLength(CardLimits.IdLength), RegularExpression(CardLimits.IdPattern)] string? DigestId = null);

/// <summary>
/// Teams side of `reach everyone`: the command, and the button on the digest and under the remind
/// answer. Who may use them is the front door's table; this runs the round and shows its summary.
/// </summary>
internal sealed class ReachActions(Reacher reacher, ConversationReferences conversations, DigestActions digests)
{
    public async Task ReachEveryoneAsync(CommandRequest request)
    {
        var summary = await SummaryAsync(request).ConfigureAwait(false);
        await request.Turn.SendActivityAsync(MessageFactory.Attachment(ReportActions.AsAttachment(summary)), request.Cancellation).ConfigureAwait(false);
    }

    /// <summary>The button: under the remind answer the summary replaces it; on a digest the summary is posted and the digest refreshed.</summary>
    public async Task<JObject> ExecuteAsync(CardRequest<ReachRef> request)
    {
        var summary = await SummaryAsync(request).ConfigureAwait(false);
        if (request.Data.DigestId is not { } digestId)
        {
            return summary;
        }

        await request.Turn.SendActivityAsync(MessageFactory.Attachment(ReportActions.AsAttachment(summary)), request.Cancellation).ConfigureAwait(false);
        return await digests.RefreshAsync(new CardRequest<DigestRef>(request.Turn, request.User, new DigestRef(digestId), request.OperationId, request.Cancellation)).ConfigureAwait(false);
    }

    private async Task<JObject> SummaryAsync(TurnRequest request)
    {
        var (committee, cancellationToken) = (request.Committee, request.Cancellation);
        var everyone = Reacher.Everyone(committee);
        if (reacher.Enabled)
        {
            return ReachCards.Summary(request.Texts, committee, await reacher.ReachAsync(committee, everyone, greet: true, cancellationToken).ConfigureAwait(false));
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

        return ReachCards.NotConfigured(request.Texts, committee, notOpened);
    }
}

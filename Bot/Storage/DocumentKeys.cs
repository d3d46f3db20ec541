using System.Security.Cryptography;
using System.Text;

namespace CooperationBot.Storage;

/// <summary>
/// Every document key of one committee, built in one place. A committee's id never changes once it
/// is stored, so keys are stable across edits of the committee itself.
/// </summary>
public sealed class DocumentKeys(string committeeId)
{
    private readonly string root = $"committees/{committeeId}";

    public string CommitteeId => committeeId;

    public string Committee => $"{root}/committee";

    public string Report(string cycleId, string unitId) => $"{root}/cycles/{cycleId}/reports/{unitId}";

    /// <summary>A submitted revision of a unit's report, written once and never changed.</summary>
    public string ReportRevision(string cycleId, string unitId, int number) => $"{Report(cycleId, unitId)}/revisions/{number}";

    /// <summary>Where a cycle's unit reports live; listing it tells which units reported in that cycle.</summary>
    public string CycleReportsPrefix(string cycleId) => $"{root}/cycles/{cycleId}/reports/";

    /// <summary>One recorded change of the committee (see CommitteeHistory); ids sort by time.</summary>
    public string CommitteeChange(string changeId) => $"{root}/committee-history/{changeId}";

    public string CommitteeChangesPrefix => $"{root}/committee-history/";

    public string CycleState(string cycleId) => $"{root}/cycles/{cycleId}/state";

    public string DirectiveDefinition(string directiveId) => $"{root}/directives/{directiveId}/definition";

    public string DirectiveProgress(string directiveId, string unitId) => $"{root}/directives/{directiveId}/units/{unitId}";

    public string Digest(string digestId) => $"{root}/digests/{digestId}";

    /// <summary>The last digest posted in the channel; no digest id (32 hex digits) can name it.</summary>
    public string LatestDigest => Digest("latest");

    public string DigestOfSlot(string slotId) => $"{root}/digest-slots/{slotId}";

    public string Unreachable => $"{root}/delivery/unreachable";

    public string Slot(string slotId) => $"{root}/slots/{slotId}";

    public string OutboxQueuePrefix => $"{root}/outbox-queue/";

    public string OutboxLedger(string messageKey) => $"{root}/outbox-ledger/{Hash(messageKey)}";

    public string OutboxDispatchLease => $"{root}/outbox-lease";

    /// <summary>The body of a queue message too large for Azure Queue Storage, parked beside the queue.</summary>
    public string OutboxParked(string messageKey) => $"{root}/outbox-parked/{Hash(messageKey)}";

    /// <summary>A queue message that could not be read, kept for inspection.</summary>
    public string OutboxPoison(string messageId) => $"{root}/outbox-poison/{Hash(messageId)}";

    public string Channels => $"{root}/channels";

    /// <summary>Generated meeting materials (Word and Excel), one document per export; ids start with their time.</summary>
    public string Export(string exportId) => $"{ExportsPrefix}{exportId}";

    public string ExportsPrefix => $"{root}/exports/files/";

    public string ExportSigningKey => $"{root}/exports/signing-key";

    /// <summary>A workbook import waiting for an organiser's Confirm.</summary>
    public string Import(string importId) => $"{root}/imports/{importId}";

    public string ConversationOfUser(string aadObjectId) => $"{root}/conversations/users/{aadObjectId.ToLowerInvariant()}";

    public string ConversationOfUpn(string upn) => $"{root}/conversations/upns/{Hash(upn.ToLowerInvariant())}";

    /// <summary>The language a member was welcomed in, decided once at install.</summary>
    public string LanguageOfUser(string aadObjectId) => $"{root}/conversations/languages/{aadObjectId.ToLowerInvariant()}";

    /// <summary>How far reaching one person through Graph got (by their object id or UPN).</summary>
    public string ReachOf(string person) => $"{root}/reach/people/{Hash(person.ToLowerInvariant())}";

    /// <summary>The tenant's Bot Connector address and the bot's Teams id, learnt from Teams activities.</summary>
    public string BotEndpoint => $"{root}/reach/bot-endpoint";

    /// <summary>Free text (message keys, UPNs) becomes a fixed-length key segment that is always valid.</summary>
    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40].ToLowerInvariant();
}

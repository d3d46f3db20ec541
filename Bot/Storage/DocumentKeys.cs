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

    public string Channels => $"{root}/channels";

    public string ConversationOfUser(string aadObjectId) => $"{root}/conversations/users/{aadObjectId.ToLowerInvariant()}";

    public string ConversationOfUpn(string upn) => $"{root}/conversations/upns/{Hash(upn.ToLowerInvariant())}";

    /// <summary>Free text (message keys, UPNs) becomes a fixed-length key segment that is always valid.</summary>
    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40].ToLowerInvariant();
}

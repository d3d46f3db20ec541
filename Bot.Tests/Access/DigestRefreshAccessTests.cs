using CooperationBot.Digests;
using CooperationBot.Tests.Conversations;
using Microsoft.Bot.Schema;
using Newtonsoft.Json.Linq;

namespace CooperationBot.Tests.Access;

/// <summary>Finding 1 of the security review: the digest's Refresh button handed the whole digest to anyone.</summary>
public sealed class DigestRefreshAccessTests : IDisposable
{
    private const string CommitteeTeam = "19:committee@thread.tacv2";
    private const string DigestTitle = "跟进汇总 — ";

    private readonly BotHarness bot = new();

    private static Activity Refresh(TestUser user, string digestId) =>
        BotHarness.CardAction(user, "digest.refresh", new JObject { ["digestId"] = digestId });

    private async Task<string> PostedDigestAsync()
    {
        await bot.SendAsync(BotHarness.InChannel(BotHarness.Message(TestUser.Organiser, "绑定本频道"), CommitteeTeam));
        var digests = bot.Get<DigestService>();
        var digest = await digests.PrepareAsync(CancellationToken.None);
        var record = await digests.RecordAsync(digest, DigestAudience.Channel, slotId: null, CancellationToken.None);
        await digests.MarkPostedAsync(record, digest, CancellationToken.None);
        return record.Id;
    }

    private async Task<string> RefreshedTextAsync(Activity refresh)
    {
        var (status, body) = await bot.InvokeAsync(refresh);
        Assert.Equal(200, status);
        return Cards.Text((JObject)body["value"]!);
    }

    [Theory]
    [InlineData("latest")]
    [InlineData(null)]
    public async Task A_stranger_in_a_personal_chat_gets_no_digest_from_refresh(string? digestId)
    {
        var posted = await PostedDigestAsync();

        var text = await RefreshedTextAsync(Refresh(TestUser.Stranger, digestId ?? posted));

        Assert.DoesNotContain(DigestTitle, text, StringComparison.Ordinal);
        Assert.Contains("只有组织方和委员会团队的成员可以执行此操作", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_invoke_without_an_entra_identity_gets_no_digest_even_from_the_committee_team()
    {
        await PostedDigestAsync();
        var anonymous = BotHarness.InChannel(Refresh(TestUser.Stranger, "latest"), CommitteeTeam);
        anonymous.From.AadObjectId = null;

        var text = await RefreshedTextAsync(anonymous);

        Assert.DoesNotContain(DigestTitle, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_member_of_another_team_gets_no_digest()
    {
        var posted = await PostedDigestAsync();

        var text = await RefreshedTextAsync(BotHarness.InChannel(Refresh(TestUser.Stranger, posted), "19:other-team@thread.tacv2"));

        Assert.DoesNotContain(DigestTitle, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Members_of_the_committee_team_and_organisers_get_the_refreshed_digest()
    {
        var posted = await PostedDigestAsync();

        var byTeamMember = await RefreshedTextAsync(BotHarness.InChannel(Refresh(TestUser.Stranger, posted), CommitteeTeam));
        var byOrganiser = await RefreshedTextAsync(Refresh(TestUser.Organiser, posted));

        Assert.Contains(DigestTitle, byTeamMember, StringComparison.Ordinal);
        Assert.Contains(DigestTitle, byOrganiser, StringComparison.Ordinal);
    }

    public void Dispose() => bot.Dispose();
}

using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Conversations;
using CooperationBot.Exports;
using CooperationBot.Localization;
using CooperationBot.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Exports;

/// <summary>The names exports get in the channel's Files, and the team's group id the bot must keep to find that folder.</summary>
public sealed class ChannelExportTests : IDisposable
{
    private const string Team = "19:team@thread.tacv2";
    private static readonly TimeZoneInfo Shanghai = TimeZoneInfo.FindSystemTimeZoneById("Asia/Shanghai");
    private static readonly DateTimeOffset ExportedAt = new(2020, 6, 1, 2, 0, 0, TimeSpan.Zero);
    private readonly string folder = Directory.CreateTempSubdirectory("channel-export-").FullName;

    private static MaterialsCycle Cycle(string zh, string en) => new("2019-2020", 2019, 2020, true, new LocalizedText(zh, en), null, null);

    [Fact]
    public void A_file_is_named_after_the_cycles_meeting_in_the_committees_language_with_the_cycle_and_the_local_minute_of_the_export()
    {
        var cycle = Cycle("中国科学院沈阳分院2020年度院地合作委员会工作会议", "CAS Shenyang Branch 2020 Committee Meeting");

        var zh = ChannelExport.FileName(new Texts(CultureInfo.GetCultureInfo("zh-CN")), cycle, ExportedAt, Shanghai, ExportFileKind.Word);
        var en = ChannelExport.FileName(new Texts(CultureInfo.GetCultureInfo("en-US")), cycle, ExportedAt, Shanghai, ExportFileKind.Excel);

        Assert.Equal("中国科学院沈阳分院2020年度院地合作委员会工作会议材料-2019-2020-20200601-1000.docx", zh);
        Assert.Equal("CAS Shenyang Branch 2020 Committee Meeting materials-2019-2020-20200601-1000.xlsx", en);
    }

    [Fact]
    public void Characters_sharepoint_refuses_in_a_meeting_title_become_dashes_and_a_long_title_is_cut()
    {
        var odd = ChannelExport.FileName(new Texts(CultureInfo.GetCultureInfo("en-US")), Cycle("会议", " Review: A/B <2020>? \"final\"* | x\\y "), ExportedAt, Shanghai, ExportFileKind.Word);
        var longName = ChannelExport.FileName(new Texts(CultureInfo.GetCultureInfo("zh-CN")), Cycle(new string('会', 400), "x"), ExportedAt, Shanghai, ExportFileKind.Word);

        Assert.Equal("Review- A-B -2020-- -final-- - x-y  materials-2019-2020-20200601-1000.docx", odd);
        Assert.Equal(150 + ".docx".Length, longName.Length);
    }

    [Fact]
    public async Task The_teams_group_id_teams_sent_once_is_kept_when_later_messages_from_the_team_do_not_carry_it()
    {
        var channels = new ChannelDirectory(new LocalFolderStore(folder), new DocumentKeys("committee"), new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        await channels.RecordTeamAsync(Team, "院地合作委员会", "https://service/", "tenant", [], CancellationToken.None, aadGroupId: "group-1");

        await channels.RecordTeamAsync(Team, "院地合作委员会", "https://service/", "tenant", [], CancellationToken.None);
        await channels.BindAsync(Team, Team, "马越红", CancellationToken.None);

        Assert.Equal("group-1", (await channels.ResolveAsync(CancellationToken.None)).Team?.AadGroupId);
    }

    [Fact]
    public async Task A_group_id_learnt_later_is_stored_for_a_known_team_only()
    {
        var channels = new ChannelDirectory(new LocalFolderStore(folder), new DocumentKeys("committee"), new FakeTimeProvider(DateTimeOffset.UnixEpoch));
        await channels.RecordTeamAsync(Team, "院地合作委员会", "https://service/", "tenant", [], CancellationToken.None);

        await channels.RecordGroupIdAsync(Team, "group-2", CancellationToken.None);
        await channels.RecordGroupIdAsync("19:unknown@thread.tacv2", "group-3", CancellationToken.None);

        var teams = (await channels.GetAsync(CancellationToken.None)).Teams;
        Assert.Equal([(Team, "group-2")], teams.Select(t => (t.TeamId, t.AadGroupId)));
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);
}

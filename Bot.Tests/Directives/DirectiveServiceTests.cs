using Azure.Storage.Blobs;
using CooperationBot.Committees;
using CooperationBot.Directives;
using CooperationBot.Storage;
using CooperationBot.Tests.Infrastructure;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CooperationBot.Tests.Directives;

public sealed class DirectiveServiceTests : IDisposable
{
    private static readonly UserIdentity Zhang = new("aad-dicp-1", "张联络");
    private static readonly UserIdentity Li = new("aad-dicp-2", "李联络");
    private static readonly UserIdentity Organiser = new("aad-organiser", "马越红");

    private readonly string folder = Directory.CreateTempSubdirectory("directives-").FullName;
    private readonly FakeTimeProvider clock = new(new DateTimeOffset(2020, 6, 1, 2, 0, 0, TimeSpan.Zero));
    private readonly Committee committee = SampleWithTestPeople();
    private readonly DirectiveService directives;

    public DirectiveServiceTests() => directives = Service(new LocalFolderStore(folder));

    [Fact]
    public async Task Directives_start_from_the_committee_owned_by_every_unit_and_due_at_the_end_of_the_plan_year()
    {
        var all = await directives.GetAllAsync(CancellationToken.None);

        Assert.Equal(["d1", "d2", "d3", "d4"], all.Select(s => s.Definition.Id));
        Assert.All(all, s => Assert.Equal(9, s.Definition.OwnerUnitIds.Count));
        Assert.All(all, s => Assert.Equal(new DateOnly(2020, 12, 31), s.Definition.DueDate));
        Assert.Contains("卡脖子", all[3].Definition.Text.Zh, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Statuses_move_freely_and_every_change_is_recorded_with_who_when_old_and_new()
    {
        await UpdateAsync(Zhang, "d3", "Done", "已与鞍钢签约");
        clock.Advance(TimeSpan.FromDays(1));
        await UpdateAsync(Li, "d3", "InProgress", "对方要求补充中试数据", baseVersion: 1);

        var history = await directives.HistoryOfDirectiveAsync("d3", CancellationToken.None);

        Assert.Equal(DirectiveStatus.InProgress, (await directives.GetAsync("d3", CancellationToken.None)).For("dicp").Status);
        var statuses = history.Where(h => h.What == "status").ToList();
        Assert.Equal([("李联络", "Done", "InProgress"), ("张联络", "NotStarted", "Done")], statuses.Select(h => (h.ByName, h.Old, h.New)));
        Assert.Contains(history, h => h.What == "note" && h.Old == "已与鞍钢签约" && h.New == "对方要求补充中试数据");
        Assert.Equal(clock.GetUtcNow(), history[0].At);
    }

    [Theory]
    [InlineData("2020-12-31T15:30:00Z", false)] // 23:30 on 31 December in Shenyang: still due today
    [InlineData("2020-12-31T16:30:00Z", true)] // 00:30 on 1 January in Shenyang: overdue, though still 31 December in UTC
    public async Task Overdue_is_judged_by_the_committees_calendar(string utcNow, bool overdue)
    {
        clock.SetUtcNow(DateTimeOffset.Parse(utcNow, System.Globalization.CultureInfo.InvariantCulture));
        await UpdateAsync(Zhang, "d1", "InProgress", "推进中");

        var state = await directives.GetAsync("d1", CancellationToken.None);

        Assert.Equal(overdue, state.IsOverdue(state.For("dicp")));
        Assert.Equal(overdue, state.IsOverdue(state.For("imr")));
    }

    [Theory]
    [InlineData("InProgress, Done")]
    [InlineData("NotStarted,Blocked")]
    [InlineData("3")]
    [InlineData("")]
    public async Task A_status_that_is_not_exactly_one_defined_name_is_refused_and_nobody_is_escalated(string status)
    {
        var outcome = await directives.UpdateProgressAsync(Zhang, "dicp", [new ProgressInput("d1", status, "说明", string.Empty, 0)], "op-flags", CancellationToken.None);

        var invalid = Assert.IsType<ProgressOutcome.Invalid>(outcome);
        Assert.Equal(DirectiveError.UnknownStatus, Assert.Single(invalid.Errors).Error);
        Assert.Equal(DirectiveStatus.NotStarted, (await directives.GetAsync("d1", CancellationToken.None)).For("dicp").Status);
    }

    [Fact]
    public async Task Done_work_is_never_overdue()
    {
        await UpdateAsync(Zhang, "d1", "Done", "完成");
        clock.SetUtcNow(new DateTimeOffset(2021, 3, 1, 0, 0, 0, TimeSpan.Zero));

        var state = await directives.GetAsync("d1", CancellationToken.None);

        Assert.False(state.IsOverdue(state.For("dicp")));
    }

    [Fact]
    public async Task Bad_input_is_refused_field_by_field_and_nothing_is_written()
    {
        var outcome = await directives.UpdateProgressAsync(Zhang, "dicp",
        [
            new ProgressInput("d1", "Finished", string.Empty, string.Empty, 0),
            new ProgressInput("d2", "Blocked", "缺资金", string.Empty, 0),
            new ProgressInput("d3", "InProgress", new string('长', 1001), string.Empty, 0),
        ], "op-1", CancellationToken.None);

        var invalid = Assert.IsType<ProgressOutcome.Invalid>(outcome);
        Assert.Equal(
            [("d1", DirectiveField.Status, DirectiveError.UnknownStatus), ("d2", DirectiveField.Needs, DirectiveError.Required), ("d3", DirectiveField.Note, DirectiveError.TooLong)],
            invalid.Errors.Select(e => (e.DirectiveId, e.Field, e.Error)));
        Assert.All(await directives.GetAllAsync(CancellationToken.None), s => Assert.Equal(0, s.For("dicp").Version));
    }

    [Theory]
    [InlineData("InProgress, Done")]
    [InlineData("NotStarted,Blocked")]
    [InlineData("3")]
    [InlineData(" Done")]
    [InlineData("")]
    public async Task A_status_that_is_not_exactly_one_defined_name_is_refused_and_nothing_is_written(string status)
    {
        var outcome = await directives.UpdateProgressAsync(Zhang, "dicp", [new ProgressInput("d1", status, "说明", "需要支持", 0)], "op-status", CancellationToken.None);

        var invalid = Assert.IsType<ProgressOutcome.Invalid>(outcome);
        Assert.Equal([("d1", DirectiveField.Status, DirectiveError.UnknownStatus)], invalid.Errors.Select(e => (e.DirectiveId, e.Field, e.Error)));
        Assert.Equal(0, (await directives.GetAsync("d1", CancellationToken.None)).For("dicp").Version);
    }

    [Theory]
    [InlineData("NotStarted", DirectiveStatus.NotStarted)]
    [InlineData("InProgress", DirectiveStatus.InProgress)]
    [InlineData("Done", DirectiveStatus.Done)]
    [InlineData("Blocked", DirectiveStatus.Blocked)]
    public void Each_defined_status_name_is_accepted(string name, DirectiveStatus expected)
    {
        Assert.True(DirectiveRules.TryParseStatus(name, out var status));
        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Only_contacts_of_the_unit_change_its_progress()
    {
        var outcome = await directives.UpdateProgressAsync(Organiser, "dicp", [new ProgressInput("d1", "Done", string.Empty, string.Empty, 0)], "op", CancellationToken.None);

        Assert.IsType<ProgressOutcome.Refused>(outcome);
        Assert.Equal(0, (await directives.GetAsync("d1", CancellationToken.None)).For("dicp").Version);
    }

    [Fact]
    public async Task Only_organisers_change_definitions_and_removing_an_owner_keeps_its_progress()
    {
        await UpdateAsync(Zhang, "d2", "InProgress", "榆林示范区规划中");
        var input = new DefinitionInput("d2", "注重战略性新兴产业的培育。", "Cultivate strategic emerging industries.", ["imr", "sia"], "2021-06-30", 0);

        Assert.IsType<DefinitionOutcome.Refused>(await directives.UpdateDefinitionAsync(Zhang, input, CancellationToken.None));
        var saved = Assert.IsType<DefinitionOutcome.Saved>(await directives.UpdateDefinitionAsync(Organiser, input, CancellationToken.None));

        Assert.Equal(["imr", "sia"], saved.Definition.OwnerUnitIds);
        var state = await directives.GetAsync("d2", CancellationToken.None);
        var dicp = Assert.Single(state.Cells(committee), c => c.Progress.UnitId == "dicp");
        Assert.False(dicp.Owned);
        Assert.Equal("榆林示范区规划中", dicp.Progress.Note);
        Assert.DoesNotContain(await directives.GetOwnedByAsync("dicp", CancellationToken.None), s => s.Definition.Id == "d2");
        var history = await directives.HistoryOfDirectiveAsync("d2", CancellationToken.None);
        Assert.Contains(history, h => h.What == "owners" && h.New == "imr,sia" && h.ByName == "马越红");
        Assert.Contains(history, h => h.What == "dueDate" && h.Old == "2020-12-31" && h.New == "2021-06-30");
    }

    [Theory]
    [InlineData("30 June", DirectiveError.NotADate)]
    [InlineData("2020-05-31", DirectiveError.DateInPast)]
    public async Task A_due_date_must_be_a_date_and_not_in_the_past_when_set(string due, DirectiveError expected)
    {
        var input = new DefinitionInput("d1", "文本", "Text", ["dicp"], due, 0);

        var invalid = Assert.IsType<DefinitionOutcome.Invalid>(await directives.UpdateDefinitionAsync(Organiser, input, CancellationToken.None));

        Assert.Equal(expected, Assert.Single(invalid.Errors).Error);
    }

    [Fact]
    public async Task An_unchanged_past_due_date_does_not_stop_other_edits()
    {
        clock.SetUtcNow(new DateTimeOffset(2021, 2, 1, 0, 0, 0, TimeSpan.Zero));
        var input = new DefinitionInput("d1", "新文本", "New text", ["dicp"], "2020-12-31", 0);

        Assert.IsType<DefinitionOutcome.Saved>(await directives.UpdateDefinitionAsync(Organiser, input, CancellationToken.None));
    }

    [Fact]
    public async Task The_timeline_of_a_unit_lists_its_changes_on_every_directive_newest_first()
    {
        await UpdateAsync(Zhang, "d1", "InProgress", "一");
        clock.Advance(TimeSpan.FromHours(1));
        await UpdateAsync(Li, "d4", "Blocked", "缺少设备", needs: "需要金属所提供测试平台");

        var history = await directives.HistoryOfUnitAsync("dicp", CancellationToken.None);

        Assert.Equal(["d4", "d4", "d1", "d1"], history.Select(h => h.DirectiveId));
        Assert.Equal("Blocked", history.First(h => h.What == "status").New);
    }

    public static TheoryData<string> Stores => ["local folder", "Azurite"];

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Two_contacts_updating_different_directives_at_the_same_moment_both_keep_their_change(string storeName)
    {
        var service = storeName == "Azurite" ? await AzuriteServiceAsync() : directives;

        var outcomes = await Task.WhenAll(
            Task.Run(() => service.UpdateProgressAsync(Zhang, "dicp", [new ProgressInput("d1", "Done", "张的进展", string.Empty, 0)], "zhang", CancellationToken.None)),
            Task.Run(() => service.UpdateProgressAsync(Li, "dicp", [new ProgressInput("d2", "InProgress", "李的进展", string.Empty, 0)], "li", CancellationToken.None)));

        Assert.All(outcomes, o => Assert.IsType<SectionResult.Saved>(Assert.Single(Assert.IsType<ProgressOutcome.Done>(o).Sections)));
        Assert.Equal("张的进展", (await service.GetAsync("d1", CancellationToken.None)).For("dicp").Note);
        Assert.Equal("李的进展", (await service.GetAsync("d2", CancellationToken.None)).For("dicp").Note);
    }

    [Theory]
    [MemberData(nameof(Stores))]
    public async Task Two_contacts_updating_the_same_directive_at_the_same_moment_the_later_is_told_and_sees_the_other_change(string storeName)
    {
        var service = storeName == "Azurite" ? await AzuriteServiceAsync() : directives;

        var outcomes = await Task.WhenAll(
            Task.Run(() => service.UpdateProgressAsync(Zhang, "dicp", [new ProgressInput("d3", "Done", "张：已完成", string.Empty, 0)], "zhang", CancellationToken.None)),
            Task.Run(() => service.UpdateProgressAsync(Li, "dicp", [new ProgressInput("d3", "InProgress", "李：进行中", string.Empty, 0)], "li", CancellationToken.None)));

        var sections = outcomes.Select(o => Assert.Single(Assert.IsType<ProgressOutcome.Done>(o).Sections)).ToList();
        var saved = Assert.Single(sections.OfType<SectionResult.Saved>());
        var conflict = Assert.Single(sections.OfType<SectionResult.Conflict>());
        Assert.Equal(saved.After.Note, conflict.Current.Note);
        Assert.NotEqual(saved.After.Note, conflict.Yours.Note);
        Assert.Equal(saved.After.Note, (await service.GetAsync("d3", CancellationToken.None)).For("dicp").Note);
    }

    public void Dispose() => Directory.Delete(folder, recursive: true);

    private DirectiveService Service(IDocumentStore store) => new(store, new FixedCommittee(committee), new DocumentKeys(committee.Id), clock, NullLogger<DirectiveService>.Instance);

    private async Task<DirectiveService> AzuriteServiceAsync()
    {
        var azurite = await Azurite.InstanceAsync();
        return Service(new BlobDocumentStore(new BlobContainerClient(azurite.ConnectionString, Azurite.UniqueName("directives"))));
    }

    private async Task UpdateAsync(UserIdentity user, string directiveId, string status, string note, int baseVersion = 0, string needs = "")
    {
        var outcome = await directives.UpdateProgressAsync(user, "dicp", [new ProgressInput(directiveId, status, note, needs, baseVersion)], Guid.NewGuid().ToString(), CancellationToken.None);
        Assert.IsType<SectionResult.Saved>(Assert.Single(Assert.IsType<ProgressOutcome.Done>(outcome).Sections));
    }

    /// <summary>The 2020 sample committee (nine units, four directives) with people whose ids the tests know.</summary>
    private static Committee SampleWithTestPeople()
    {
        var sample = SampleCommittee.Load();
        var units = sample.Units.Select(u => u.Id == "dicp"
            ? u with { Contacts = [new Person("张联络", "aad-dicp-1", null), new Person("李联络", "aad-dicp-2", null)] }
            : u).ToList();
        return sample with { Units = units, Organisers = [new Person("马越红", "aad-organiser", null)] };
    }
}

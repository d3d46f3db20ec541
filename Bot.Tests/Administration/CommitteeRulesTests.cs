using CooperationBot.Committees;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Administration;

/// <summary>The organisers' edits as rules on the committee: limits, duplicates, people, schedules, cycles.</summary>
public sealed class CommitteeRulesTests
{
    private static readonly Committee Sample = SampleCommittee.Load();

    private static UnitInput Names(string id, string shortZh, string shortEn, PeopleEdit? contacts = null, string? baseVersion = null) =>
        new(id, shortZh, shortEn, shortZh + "全称", shortEn + " full name", contacts ?? PeopleEdit.None, baseVersion);

    private static PeopleEdit Typed(string address, string name) => new([], [], address, name);

    private static PeopleEdit Picked(params PickedPerson[] people) => new([], people, string.Empty, string.Empty);

    [Fact]
    public void A_unit_name_longer_than_100_characters_is_refused_on_its_field()
    {
        var edit = CommitteeRules.AddUnit(Sample, Names(string.Empty, new string('所', 101), "Long"));

        Assert.Null(edit.After);
        Assert.Contains(new AdminFieldError(AdminField.ShortNameZh, AdminError.TooLong, "100"), edit.Errors);
    }

    [Fact]
    public void A_new_unit_with_the_short_name_of_another_unit_is_refused_naming_that_unit()
    {
        var edit = CommitteeRules.AddUnit(Sample, Names("new-dicp", "大连化物所", "Another"));

        Assert.Contains(new AdminFieldError(AdminField.ShortNameZh, AdminError.Duplicate, "大连化物所"), edit.Errors);
    }

    [Fact]
    public void A_new_unit_cannot_take_the_id_of_a_retired_unit_whose_reports_are_stored_under_it()
    {
        var retired = CommitteeRules.RetireUnit(Sample, "sky")!.After!;

        var edit = CommitteeRules.AddUnit(retired, Names("sky", "沈阳科仪新公司", "New Instrument Co."));

        Assert.Contains(new AdminFieldError(AdminField.UnitId, AdminError.Duplicate, "sky"), edit.Errors);
    }

    [Fact]
    public void A_new_unit_without_an_id_gets_one_from_its_english_short_name()
    {
        var edit = CommitteeRules.AddUnit(Sample, Names(string.Empty, "沈阳分院", "Shenyang Branch"));

        Assert.Equal("shenyang-branch", edit.After!.Units[^1].Id);
    }

    [Fact]
    public void A_unit_past_the_limit_is_refused()
    {
        var big = Sample with
        {
            Units = Enumerable.Range(1, CommitteeLimits.MaxUnits)
                .Select(i => new Unit($"u{i}", new LocalizedText($"单位{i}", $"Unit {i}"), new LocalizedText($"全称{i}", $"Full {i}"), [])).ToList(),
        };

        var edit = CommitteeRules.AddUnit(big, Names("one-more", "再一个", "One more"));

        Assert.Contains(new AdminFieldError(AdminField.Card, AdminError.TooMany, "10000"), edit.Errors);
    }

    [Fact]
    public void The_21st_contact_of_a_unit_is_refused_and_nothing_changes()
    {
        var existing = Sample.FindUnit("dicp")!.Contacts.Select(PersonKeys.Of).ToList();
        var twenty = Enumerable.Range(1, CommitteeLimits.MaxContactsPerUnit).Select(i => new PickedPerson($"aad-{i}", $"联络员{i}")).ToList();
        var withTwenty = CommitteeRules.Unit(Sample, Names("dicp", "大连化物所", "DICP", new PeopleEdit(existing, twenty, string.Empty, string.Empty)))!.After!;
        Assert.Equal(20, withTwenty.FindUnit("dicp")!.Contacts.Count);

        var edit = CommitteeRules.Unit(withTwenty, Names("dicp", "大连化物所", "DICP", Picked(new PickedPerson("aad-21", "第二十一人"))))!;

        Assert.Null(edit.After);
        Assert.Contains(new AdminFieldError(AdminField.Listed, AdminError.TooMany, "20"), edit.Errors);
    }

    [Fact]
    public void One_person_may_be_the_contact_of_several_units()
    {
        var person = new PickedPerson("aad-shared", "共同联络人");
        var once = CommitteeRules.Unit(Sample, Names("dicp", "大连化物所", "DICP", Picked(person)))!.After!;

        var twice = CommitteeRules.Unit(once, Names("imr", "金属所", "IMR", Picked(person)))!.After!;

        var roles = Membership.Of(twice).RolesOf(new UserIdentity("aad-shared", "共同联络人"));
        Assert.Equal(["dicp", "imr"], roles.ContactOf.Select(u => u.Id));
    }

    [Fact]
    public void Adding_someone_already_listed_changes_nothing()
    {
        var added = CommitteeRules.Organisers(Sample, Typed("new.organiser@example.org", "新组织者")).After!;

        var again = CommitteeRules.Organisers(added, Typed("New.Organiser@example.org", "新组织者")).After!;

        Assert.Equal(added.Organisers, again.Organisers);
    }

    [Fact]
    public void Removing_the_last_organiser_is_refused()
    {
        var only = Sample.Organisers.Single();

        var edit = CommitteeRules.Organisers(Sample, new PeopleEdit([PersonKeys.Of(only)], [], string.Empty, string.Empty));

        Assert.Null(edit.After);
        Assert.Contains(new AdminFieldError(AdminField.Listed, AdminError.LastOrganiser), edit.Errors);
    }

    [Fact]
    public void Someone_picked_whose_name_nobody_knows_needs_a_typed_name()
    {
        var unknown = CommitteeRules.Organisers(Sample, Picked(new PickedPerson("aad-x", null)));
        var named = CommitteeRules.Organisers(Sample, new PeopleEdit([], [new PickedPerson("aad-x", null)], string.Empty, "韩恩厚"));

        Assert.Contains(new AdminFieldError(AdminField.People, AdminError.NameUnknown), unknown.Errors);
        Assert.Contains(named.After!.Organisers, o => o is { AadObjectId: "aad-x", Name: "韩恩厚" });
    }

    [Theory]
    [InlineData("not-an-address", "某人", AdminField.Address, AdminError.NotAnAddress)]
    [InlineData("someone@example.org", "", AdminField.PersonName, AdminError.Required)]
    public void A_typed_person_needs_an_address_and_a_name(string address, string name, AdminField field, AdminError error)
    {
        var edit = CommitteeRules.Organisers(Sample, Typed(address, name));

        Assert.Contains(new AdminFieldError(field, error), edit.Errors);
    }

    [Theory]
    [InlineData("0 9 * * MON", DigestDay.Monday, "09:00")]
    [InlineData("30 17 * * 5", DigestDay.Friday, "17:30")]
    [InlineData("0 8 * * *", DigestDay.Daily, "08:00")]
    [InlineData("0 9 * * 0", DigestDay.Sunday, "09:00")]
    [InlineData("0 9 1 * *", DigestDay.Custom, "09:00")]
    [InlineData("0 9 * * MON-FRI", DigestDay.Custom, "09:00")]
    public void A_cron_is_shown_as_a_plain_choice_when_one_expresses_it_else_as_custom(string cron, DigestDay day, string time)
    {
        var (shownDay, shownTime) = ScheduleChoices.Describe(cron);

        Assert.Equal(day, shownDay);
        Assert.Equal(time, shownTime.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public void Plain_choices_make_the_cron_and_a_custom_cron_is_kept_when_left_as_custom()
    {
        var friday = CommitteeRules.Schedule(Sample, new ScheduleInput("Friday", "17:30", ["5", "1"], null)).After!;
        var custom = Sample with { Schedule = new Schedule("0 9 1,15 * *", [7]) };
        var kept = CommitteeRules.Schedule(custom, new ScheduleInput("Custom", string.Empty, ["3"], null)).After!;

        Assert.Equal("30 17 * * FRI", friday.Schedule.DigestCron);
        Assert.Equal([5, 1], friday.Schedule.ReminderDaysBeforeDeadline);
        Assert.Equal("0 9 1,15 * *", kept.Schedule.DigestCron);
        Assert.Equal([3], kept.Schedule.ReminderDaysBeforeDeadline);
    }

    [Theory]
    [InlineData("Monday, Friday")]
    [InlineData("3")]
    [InlineData("Someday")]
    public void A_digest_day_that_is_not_exactly_one_choice_is_refused(string day)
    {
        var edit = CommitteeRules.Schedule(Sample, new ScheduleInput(day, "09:00", [], null));

        Assert.Contains(new AdminFieldError(AdminField.DigestDay, AdminError.UnknownChoice), edit.Errors);
    }

    [Theory]
    [InlineData("Done, Dropped")]
    [InlineData("0")]
    public void A_follow_up_status_must_be_exactly_one_of_the_four(string status)
    {
        Assert.False(CooperationBot.Reports.FollowUpRules.TryParseStatus(status, out _));
        Assert.True(CooperationBot.Reports.FollowUpRules.TryParseStatus(" partly ", out var partly));
        Assert.Equal(CooperationBot.Reports.FollowUpStatus.Partly, partly);
    }

    [Fact]
    public void New_directives_need_one_english_line_per_chinese_line()
    {
        var edit = CommitteeRules.Directives(Sample, new DirectivesInput([], "新任务一\n新任务二", "New one", null), i => $"n{i}");

        Assert.Contains(new AdminFieldError(AdminField.NewDirectivesEn, AdminError.LinesDiffer, "2/1"), edit.Errors);
    }

    [Fact]
    public void Directives_are_removed_and_added_with_new_ids()
    {
        var edit = CommitteeRules.Directives(Sample, new DirectivesInput(["d2"], "新任务", "New directive", null), i => $"new-{i}");

        Assert.Equal(["d1", "d3", "d4", "new-0"], edit.After!.Directives.Select(d => d.Id));
    }

    [Fact]
    public void A_new_cycle_moves_the_years_on_keeps_the_old_one_as_past_and_starts_new_directives_when_asked()
    {
        var now = new DateTimeOffset(2021, 3, 1, 2, 0, 0, TimeSpan.Zero);

        var edit = CommitteeRules.NewCycle(Sample, new NewCycleInput("2020", "2021-06-30", NewCycleInput.NewDirectives, Sample.CycleId), new DateOnly(2021, 3, 1), now, "马越红");

        var next = edit.After!;
        Assert.Equal("2020-2021", next.CycleId);
        Assert.Empty(next.Directives);
        var past = Assert.Single(next.PastCycles);
        Assert.Equal(("2019-2020", "马越红", now), (past.Id, past.ClosedByName, past.ClosedAt));
    }

    [Theory]
    [InlineData("2019", "2021-06-30", AdminField.ReportingYear, AdminError.YearNotAfter)]
    [InlineData("2020", "2021-01-01", AdminField.Deadline, AdminError.DateInPast)]
    [InlineData("twenty", "2021-06-30", AdminField.ReportingYear, AdminError.NotAYear)]
    public void A_new_cycle_must_come_after_this_one_with_a_deadline_ahead(string year, string deadline, AdminField field, AdminError error)
    {
        var edit = CommitteeRules.NewCycle(Sample, new NewCycleInput(year, deadline, NewCycleInput.CarryOver, Sample.CycleId), new DateOnly(2021, 3, 1), DateTimeOffset.UtcNow, "马越红");

        Assert.Contains(edit.Errors, e => e.Field == field && e.Error == error);
    }

    [Fact]
    public void The_last_active_unit_cannot_be_retired()
    {
        var one = Sample with { Units = [Sample.Units[0]] };

        Assert.Contains(new AdminFieldError(AdminField.Card, AdminError.LastUnit), CommitteeRules.RetireUnit(one, Sample.Units[0].Id)!.Errors);
    }

    [Fact]
    public void Retired_units_and_earlier_cycles_survive_the_stored_shape()
    {
        var retired = CommitteeRules.RetireUnit(Sample, "sky")!.After!;
        var cycled = CommitteeRules.NewCycle(retired, new NewCycleInput("2020", "2021-06-30", NewCycleInput.CarryOver, retired.CycleId), new DateOnly(2020, 7, 1), DateTimeOffset.UnixEpoch, "马越红").After!;

        var json = System.Text.Json.JsonSerializer.Serialize(CommitteeLoader.ToFile(cycled), new System.Text.Json.JsonSerializerOptions(System.Text.Json.JsonSerializerDefaults.Web));
        var read = CommitteeLoader.Parse(json, "round-trip", demoMode: false);

        Assert.DoesNotContain(read.Units, u => u.Id == "sky");
        Assert.Equal("sky", Assert.Single(read.RetiredUnits).Id);
        Assert.Equal("2019-2020", Assert.Single(read.PastCycles).Id);
        Assert.Equal(8, read.Units.Count);
    }

    [Fact]
    public void The_file_rules_hold_for_the_limits_too()
    {
        var json = SampleCommittee.Json();
        json["units"]![1]!["shortName"]!["zh"] = "大连化物所";
        json["organisers"]![0]!["name"] = new string('名', 101);

        var error = Assert.Throws<CommitteeConfigurationException>(() => CommitteeLoader.Parse(json.ToJsonString(), "test.json", demoMode: false));

        Assert.Contains("units: shortName.zh '大连化物所' is used by more than one unit", error.Message, StringComparison.Ordinal);
        Assert.Contains("organisers[0].name: is 101 characters long, at most 100 are allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_change_lists_each_field_with_old_and_new_values_by_unit()
    {
        var renamed = CommitteeRules.Unit(Sample, new UnitInput("dicp", "大化所", "DICP", "中国科学院大连化学物理研究所", "Dalian Institute of Chemical Physics", PeopleEdit.None, null))!.After!;

        var changes = CommitteeDiff.Between(Sample, renamed);

        Assert.Equal([new FieldChange("dicp", CommitteeFields.ShortNameZh, "大连化物所", "大化所")], changes);
    }
}

using System.Text;
using CooperationBot.Committees;
using CooperationBot.Exports;
using CooperationBot.Imports;
using CooperationBot.Storage;
using CooperationBot.Teams.Imports;
using CooperationBot.Tests.Exports;

namespace CooperationBot.Tests.Imports;

/// <summary>
/// Units and contacts from a workbook: the exported workbook edited as an organiser would, previewed,
/// then applied on Confirm as one history entry; every bad file answered with where the problem is and
/// nothing changed.
/// </summary>
public sealed class ImportTests : IDisposable
{
    private readonly ImportFixture fixture = new();

    [Fact]
    public async Task The_exported_workbook_edited_in_excel_previews_each_change_and_confirm_applies_it_as_one_history_entry()
    {
        var workbook = TestWorkbooks.Edit(await fixture.ExportedWorkbookAsync(), edit =>
        {
            edit.SetCell("单位", "B" + edit.RowOf("单位", "imr"), "中科院金属所");
            edit.DeleteRow("单位", edit.RowOf("单位", "sky"));
            edit.DeleteRowsOf("联络人", "sky");
            edit.AppendRow("单位", "nimte", "宁波材料所", "NIMTE", "中国科学院宁波材料技术与工程研究所", "Ningbo Institute of Materials Technology and Engineering");
            edit.DeleteRow("联络人", edit.RowOf("联络人", "iae"));
            edit.AppendRow("联络人", "nimte", "周𠀀联络", "zhou@nimte.example.org", null);
        });
        var historyBefore = (await fixture.History.PageAsync(null, 100, CancellationToken.None)).Changes.Count;

        var preview = Assert.IsType<ImportOutcome.Preview>(await fixture.PreviewAsync(workbook));

        Assert.Empty(preview.Plan.Problems.Select(p => ImportCards.Describe(ImportFixture.Zh, p)));
        Assert.NotNull(preview.ImportId);
        var diff = preview.Plan.Diff;
        Assert.Equal(["nimte"], diff.Added.Select(u => u.Id));
        Assert.Equal([("imr", CommitteeFields.ShortNameZh, "金属所", "中科院金属所")], diff.Renamed.Select(r => (r.Unit.Id, r.Field, r.Old, r.New)));
        Assert.Equal(["sky"], diff.Retired.Select(u => u.Id));
        Assert.Equal([("nimte", "周𠀀联络", "zhou@nimte.example.org")], diff.ContactsAdded.Select(c => (c.Unit.Id, c.Person.Name, c.Person.Upn)));
        Assert.Equal([("iae", "沈阳生态所联络员")], diff.ContactsRemoved.Select(c => (c.Unit.Id, c.Person.Name)));
        var card = Conversations.Cards.Text(ImportCards.Preview(ImportFixture.Zh, preview));
        Assert.Contains("单位：新增 1 个，重新启用 0 个，名称修改 1 处，退出 1 个。联络人：新增 1 位，移除 1 位，改名 0 位。", card, StringComparison.Ordinal);
        Assert.Contains("新增：宁波材料所（中国科学院宁波材料技术与工程研究所）", card, StringComparison.Ordinal);
        Assert.Contains("退出：沈阳科仪公司", card, StringComparison.Ordinal);

        // Nothing changes before Confirm.
        var before = await fixture.Committees.ReadStoredAsync(CancellationToken.None);
        Assert.Contains(before.Units, u => u.Id == "sky");
        Assert.DoesNotContain(before.Units, u => u.Id == "nimte");

        var applied = Assert.IsType<ImportOutcome.Applied>(await fixture.Imports.ConfirmAsync(ImportFixture.Organiser, preview.ImportId!, CancellationToken.None));

        var after = await fixture.Committees.ReadStoredAsync(CancellationToken.None);
        Assert.Equal(["dicp", "imr", "iae", "sia", "iocas", "qibebt", "yic", "sict", "nimte"], after.Units.Select(u => u.Id));
        Assert.Equal("中科院金属所", after.Units.Single(u => u.Id == "imr").ShortName.Zh);
        Assert.Contains(after.RetiredUnits, u => u.Id == "sky");
        Assert.Empty(after.Units.Single(u => u.Id == "iae").Contacts);
        Assert.Equal("zhou@nimte.example.org", Assert.Single(after.Units.Single(u => u.Id == "nimte").Contacts).Upn);
        Assert.Equal(["aad-dicp-1", "aad-dicp-2"], after.Units.Single(u => u.Id == "dicp").Contacts.Select(p => p.AadObjectId));
        var history = (await fixture.History.PageAsync(null, 100, CancellationToken.None)).Changes;
        Assert.Equal(historyBefore + 1, history.Count);
        var entry = history.OrderByDescending(c => c.Id, StringComparer.Ordinal).First();
        Assert.Equal((CommitteeParts.Import("委员会.xlsx"), "马越红"), (entry.Part, entry.ByName));
        Assert.Equal(applied.Diff.Fingerprint(), diff.Fingerprint());

        // The same preview cannot be applied twice.
        Assert.IsType<ImportOutcome.Gone>(await fixture.Imports.ConfirmAsync(ImportFixture.Organiser, preview.ImportId!, CancellationToken.None));
    }

    [Fact]
    public async Task Cancel_forgets_the_preview_and_changes_nothing()
    {
        var workbook = TestWorkbooks.Edit(await fixture.ExportedWorkbookAsync(), edit =>
        {
            edit.DeleteRow("单位", edit.RowOf("单位", "sky"));
            edit.DeleteRowsOf("联络人", "sky");
        });
        var preview = Assert.IsType<ImportOutcome.Preview>(await fixture.PreviewAsync(workbook));

        Assert.IsType<ImportOutcome.Cancelled>(await fixture.Imports.CancelAsync(ImportFixture.Organiser, preview.ImportId!, CancellationToken.None));

        Assert.IsType<ImportOutcome.Gone>(await fixture.Imports.ConfirmAsync(ImportFixture.Organiser, preview.ImportId!, CancellationToken.None));
        Assert.Contains((await fixture.Committees.ReadStoredAsync(CancellationToken.None)).Units, u => u.Id == "sky");
    }

    [Fact]
    public async Task The_unchanged_export_previews_as_nothing_to_change()
    {
        var preview = Assert.IsType<ImportOutcome.Preview>(await fixture.PreviewAsync(await fixture.ExportedWorkbookAsync()));

        Assert.Empty(preview.Plan.Problems.Select(p => ImportCards.Describe(ImportFixture.Zh, p)));
        Assert.True(preview.Plan.Diff.IsEmpty);
        Assert.Null(preview.ImportId);
    }

    [Fact]
    public async Task A_text_file_is_not_a_workbook()
    {
        await AssertRefusedAsync(Encoding.UTF8.GetBytes("单位编号,简称（中文）\ndicp,大连化物所\n"), ImportProblemKind.NotAWorkbook, "这不是 Excel 工作簿（.xlsx）");
    }

    [Fact]
    public async Task A_word_document_is_not_a_workbook()
    {
        using var materialsFixture = new MaterialsFixture();
        var materials = await materialsFixture.GatherAsync();
        await AssertRefusedAsync(WordMaterials.Build(materials, ImportFixture.Zh), ImportProblemKind.NotAWorkbook, "这不是 Excel 工作簿（.xlsx）");
    }

    [Fact]
    public async Task A_password_protected_workbook_is_refused_as_such()
    {
        await AssertRefusedAsync(TestWorkbooks.PasswordProtected(), ImportProblemKind.PasswordProtected, "工作簿设置了打开密码");
    }

    [Fact]
    public async Task An_old_excel_97_file_is_asked_to_be_saved_as_xlsx()
    {
        await AssertRefusedAsync(TestWorkbooks.OldExcel(), ImportProblemKind.OldExcelFormat, "另存为 .xlsx");
    }

    [Fact]
    public async Task A_file_of_10_mb_or_more_is_refused_before_it_is_read()
    {
        await AssertRefusedAsync(new byte[10 * 1024 * 1024], ImportProblemKind.TooLarge, "文件达到或超过 10 MB");
    }

    [Fact]
    public async Task A_formula_where_a_value_is_expected_is_shown_at_its_cell()
    {
        var workbook = TestWorkbooks.Template([["dicp", "=UPPER(\"x\")", "DICP", "中国科学院大连化学物理研究所", "Dalian Institute of Chemical Physics"]], []);

        var problem = await AssertRefusedAsync(workbook, ImportProblemKind.Formula, "“单位”第2行 B列（简称（中文）");

        Assert.Equal(("单位", 2, "B"), (problem.Sheet, problem.Row, problem.Column));
    }

    [Fact]
    public async Task A_merged_cell_where_values_are_read_is_shown_with_its_range()
    {
        var workbook = TestWorkbooks.Build(
            new TestSheet("单位", [TestWorkbooks.UnitHeaders, ["dicp", "大连化物所", null, "中国科学院大连化学物理研究所", "Dalian Institute of Chemical Physics"]], ["B2:C2"]),
            new TestSheet("联络人", [TestWorkbooks.ContactHeaders]));

        var problem = await AssertRefusedAsync(workbook, ImportProblemKind.MergedCells, "合并单元格 B2:C2");

        Assert.Equal(("单位", 2, "B"), (problem.Sheet, problem.Row, problem.Column));
    }

    [Fact]
    public async Task More_than_500_units_are_refused()
    {
        var rows = Enumerable.Range(1, 501).Select(i => new string?[] { $"u{i}", $"单位{i}", $"Unit {i}", $"全称{i}", $"Full name {i}" });

        await AssertRefusedAsync(TestWorkbooks.Template(rows, []), ImportProblemKind.TooManyUnits, "共列出 501 个单位，一个工作簿最多导入 500 个");
    }

    [Fact]
    public async Task A_duplicate_unit_id_names_both_rows()
    {
        var workbook = TestWorkbooks.Template(
            [["dicp", "大连化物所", "DICP", "中国科学院大连化学物理研究所", "Dalian Institute of Chemical Physics"], ["DICP", "金属所", "IMR", "中国科学院金属研究所", "Institute of Metal Research"]],
            []);

        var problem = await AssertRefusedAsync(workbook, ImportProblemKind.DuplicateId, "“单位”第3行 A列（单位编号 / Unit id）：单位编号“DICP”与第2行重复");

        Assert.Equal((3, 2), (problem.Row, problem.OtherRow));
    }

    [Fact]
    public async Task An_empty_required_cell_is_shown_at_its_cell()
    {
        var workbook = TestWorkbooks.Template([["dicp", "大连化物所", "DICP", "中国科学院大连化学物理研究所", null]], []);

        var problem = await AssertRefusedAsync(workbook, ImportProblemKind.Required, "必填，不能为空");

        Assert.Equal(("单位", 2, "E"), (problem.Sheet, problem.Row, problem.Column));
    }

    [Fact]
    public async Task A_contact_for_a_unit_not_on_the_units_sheet_is_refused()
    {
        var workbook = TestWorkbooks.Template(
            [["dicp", "大连化物所", "DICP", "中国科学院大连化学物理研究所", "Dalian Institute of Chemical Physics"]],
            [["nimte", "周联络", "zhou@nimte.example.org", null]]);

        var problem = await AssertRefusedAsync(workbook, ImportProblemKind.UnknownUnit, "单位编号“nimte”不在单位工作表中");

        Assert.Equal(("联络人", 2, "A"), (problem.Sheet, problem.Row, problem.Column));
    }

    [Fact]
    public async Task A_workbook_without_the_contacts_sheet_names_the_missing_sheet()
    {
        var workbook = TestWorkbooks.Build(new TestSheet("单位", [TestWorkbooks.UnitHeaders]));

        await AssertRefusedAsync(workbook, ImportProblemKind.MissingSheet, "缺少工作表“联络人 / Contacts”");
    }

    /// <summary>The file is refused with this problem (shown on the card as given), no import is pending and the committee is as it was.</summary>
    private async Task<ImportProblem> AssertRefusedAsync(byte[] workbook, ImportProblemKind kind, string shown)
    {
        var before = await fixture.Committees.ReadStoredAsync(CancellationToken.None);

        var preview = Assert.IsType<ImportOutcome.Preview>(await fixture.PreviewAsync(workbook));

        var problem = Assert.Single(preview.Plan.Problems, p => p.Kind == kind);
        Assert.Null(preview.ImportId);
        var card = ImportCards.Preview(ImportFixture.Zh, preview);
        Assert.Contains(shown, Conversations.Cards.Text(card), StringComparison.Ordinal);
        Assert.Null(card["actions"]);
        Assert.Empty(await fixture.Store.ListKeysAsync(fixture.Keys.Import(string.Empty), CancellationToken.None));
        Assert.Equal(DocumentJson.Serialize(CommitteeLoader.ToFile(before)), DocumentJson.Serialize(CommitteeLoader.ToFile(await fixture.Committees.ReadStoredAsync(CancellationToken.None))));
        return problem;
    }

    public void Dispose() => fixture.Dispose();
}

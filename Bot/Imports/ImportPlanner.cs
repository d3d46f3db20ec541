using System.Globalization;
using CooperationBot.Committees;
using CooperationBot.Exports;
using CooperationBot.Localization;

namespace CooperationBot.Imports;

/// <summary>
/// Turns a filled-in workbook (the export's Units and Contacts sheets, headers in Chinese or English)
/// into the committee's units and contacts, checks every cell, and says what would change. Pure: the
/// same workbook and committee always give the same plan, so Confirm can check it again.
/// </summary>
public static class ImportPlanner
{
    /// <summary>
    /// Units one workbook may list. Lower than the committee's own limit: an import is one preview card and
    /// one history entry, and a committee larger than this is kept in the committee card, not a workbook.
    /// </summary>
    public const int MaxUnits = 500;

    public static ImportDiff NoChange { get; } = new([], [], [], [], false, [], [], []);

    private static readonly Texts[] Languages = [new(CultureInfo.GetCultureInfo("zh-CN")), new(CultureInfo.GetCultureInfo("en-US"))];

    public static ImportPlan Plan(byte[] workbook, Committee committee)
    {
        var content = WorkbookReader.Read(workbook, name => Matches(name, WorkbookLayout.UnitsSheet) || Matches(name, WorkbookLayout.ContactsSheet));
        if (content.Problem is { } fileProblem)
        {
            return ImportPlan.Refused(fileProblem);
        }

        var problems = new List<ImportProblem>();
        var unitsSheet = content.Sheets.FirstOrDefault(s => Matches(s.Name, WorkbookLayout.UnitsSheet));
        var contactsSheet = content.Sheets.FirstOrDefault(s => Matches(s.Name, WorkbookLayout.ContactsSheet));
        foreach (var (sheet, key) in new[] { (unitsSheet, WorkbookLayout.UnitsSheet), (contactsSheet, WorkbookLayout.ContactsSheet) })
        {
            if (sheet is null)
            {
                problems.Add(new ImportProblem(ImportProblemKind.MissingSheet, Value: string.Join(" / ", Languages.Select(t => t[key]))));
            }
        }

        if (unitsSheet is null || contactsSheet is null)
        {
            return ImportPlan.Refused([.. problems]);
        }

        var units = ReadUnits(unitsSheet, committee, problems);
        var contacts = ReadContacts(contactsSheet, units, committee, problems);
        var imported = units.Select(u => new ImportedUnit(u.Id, u.ShortName, u.FullName, contacts.GetValueOrDefault(u.Id) ?? [])).ToList();
        return new ImportPlan(imported, Diff(committee, imported), problems);
    }

    /// <summary>What the units would change in this committee (the latest one, at Confirm).</summary>
    public static ImportDiff Diff(Committee committee, IReadOnlyList<ImportedUnit> units)
    {
        var after = Apply(committee, units);
        var active = committee.Units.ToDictionary(u => u.Id);
        var retired = committee.RetiredUnits.Select(u => u.Id).ToHashSet();
        var listed = units.Select(u => u.Id).ToHashSet();
        var renamed = new List<UnitRename>();
        var contactsAdded = new List<ContactChange>();
        var contactsRemoved = new List<ContactChange>();
        var contactsRenamed = new List<ContactChange>();
        foreach (var unit in after.Units.Where(u => active.ContainsKey(u.Id)))
        {
            var before = active[unit.Id];
            void Field(string field, string old, string @new)
            {
                if (old != @new)
                {
                    renamed.Add(new UnitRename(unit, field, old, @new));
                }
            }

            Field(CommitteeFields.ShortNameZh, before.ShortName.Zh, unit.ShortName.Zh);
            Field(CommitteeFields.ShortNameEn, before.ShortName.En, unit.ShortName.En);
            Field(CommitteeFields.FullNameZh, before.FullName.Zh, unit.FullName.Zh);
            Field(CommitteeFields.FullNameEn, before.FullName.En, unit.FullName.En);
            foreach (var person in unit.Contacts)
            {
                var known = before.Contacts.FirstOrDefault(p => SamePerson(p, person));
                if (known is null)
                {
                    contactsAdded.Add(new ContactChange(unit, person));
                }
                else if (known.Name != person.Name)
                {
                    contactsRenamed.Add(new ContactChange(unit, person, known.Name));
                }
            }

            contactsRemoved.AddRange(before.Contacts.Where(p => !unit.Contacts.Any(n => SamePerson(n, p))).Select(p => new ContactChange(before, p)));
        }

        foreach (var unit in after.Units.Where(u => !active.ContainsKey(u.Id)))
        {
            contactsAdded.AddRange(unit.Contacts.Select(p => new ContactChange(unit, p)));
        }

        var stayed = after.Units.Select(u => u.Id).Where(active.ContainsKey).ToList();
        return new ImportDiff(
            after.Units.Where(u => !active.ContainsKey(u.Id) && !retired.Contains(u.Id)).ToList(),
            after.Units.Where(u => retired.Contains(u.Id)).ToList(),
            renamed,
            committee.Units.Where(u => !listed.Contains(u.Id)).ToList(),
            !stayed.SequenceEqual(committee.Units.Select(u => u.Id).Where(stayed.Contains)),
            contactsAdded,
            contactsRemoved,
            contactsRenamed);
    }

    /// <summary>
    /// The committee with exactly the workbook's units, in its order. Units left out retire (their reports
    /// and history stay); a retired unit listed again is reinstated. Everything else is untouched.
    /// </summary>
    public static Committee Apply(Committee committee, IReadOnlyList<ImportedUnit> units)
    {
        var listed = units.Select(u => u.Id).ToHashSet();
        var people = committee.Units.Concat(committee.RetiredUnits).SelectMany(u => u.Contacts).Concat(committee.Organisers).ToList();
        var active = units.Select(u => new Unit(u.Id, u.ShortName, u.FullName, u.Contacts.Select(p => Known(p, people)).ToList())).ToList();
        var retired = committee.RetiredUnits.Where(u => !listed.Contains(u.Id)).Concat(committee.Units.Where(u => !listed.Contains(u.Id))).ToList();
        return committee with { Units = active, RetiredUnits = retired };
    }

    /// <summary>A contact given only by address keeps the object id the committee already knows for them.</summary>
    private static Person Known(Person person, IReadOnlyList<Person> people) =>
        person.AadObjectId is null && person.Upn is not null && people.FirstOrDefault(p => p.AadObjectId is not null && string.Equals(p.Upn, person.Upn, StringComparison.OrdinalIgnoreCase)) is { } known
            ? person with { AadObjectId = known.AadObjectId }
            : person;

    private static bool SamePerson(Person a, Person b) =>
        (a.AadObjectId is not null && string.Equals(a.AadObjectId, b.AadObjectId, StringComparison.OrdinalIgnoreCase)) ||
        (a.Upn is not null && string.Equals(a.Upn, b.Upn, StringComparison.OrdinalIgnoreCase));

    private static List<ImportedUnit> ReadUnits(SheetTable sheet, Committee committee, List<ImportProblem> problems)
    {
        if (Columns(sheet, WorkbookLayout.Units, problems) is not { } columns)
        {
            return [];
        }

        var rows = DataRows(sheet);
        if (rows.Count > MaxUnits)
        {
            problems.Add(new ImportProblem(ImportProblemKind.TooManyUnits, sheet.Name, Value: rows.Count.ToString(CultureInfo.InvariantCulture)));
            return [];
        }

        CheckMerged(sheet, columns, problems);
        var units = new List<ImportedUnit>();
        var firstRowOf = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        foreach (var row in rows)
        {
            var cell = new CellReader(sheet, row, columns, problems);
            var id = cell.Required(WorkbookLayout.UnitId);
            var shortName = new LocalizedText(cell.Name(WorkbookLayout.ShortNameZh), cell.Name(WorkbookLayout.ShortNameEn));
            var fullName = new LocalizedText(cell.Name(WorkbookLayout.FullNameZh), cell.Name(WorkbookLayout.FullNameEn));
            if (id.Length == 0)
            {
                continue;
            }

            if (!CommitteeLimits.IsValidId(id))
            {
                cell.Problem(ImportProblemKind.InvalidId, WorkbookLayout.UnitId, id);
                continue;
            }

            if (firstRowOf.TryGetValue(id, out var first))
            {
                cell.Problem(ImportProblemKind.DuplicateId, WorkbookLayout.UnitId, id, first);
                continue;
            }

            firstRowOf[id] = row.Number;
            units.Add(new ImportedUnit(id, shortName, fullName, []));
        }

        if (units.Count == 0 && problems.Count == 0)
        {
            problems.Add(new ImportProblem(ImportProblemKind.NoUnits, sheet.Name));
        }

        CheckNamesUnique(sheet, rows, columns, problems);
        return units;
    }

    /// <summary>The committee shows units by name, so two units may not share one.</summary>
    private static void CheckNamesUnique(SheetTable sheet, IReadOnlyList<SheetRow> rows, IReadOnlyDictionary<SheetColumn, int> columns, List<ImportProblem> problems)
    {
        foreach (var column in new[] { WorkbookLayout.ShortNameZh, WorkbookLayout.ShortNameEn, WorkbookLayout.FullNameZh, WorkbookLayout.FullNameEn })
        {
            var seen = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
            foreach (var row in rows)
            {
                if (row.Cells.GetValueOrDefault(columns[column]) is not { IsFormula: false, Text.Length: > 0 } cell)
                {
                    continue;
                }

                if (seen.TryGetValue(cell.Text, out var first))
                {
                    problems.Add(new CellReader(sheet, row, columns, problems).Located(ImportProblemKind.DuplicateName, column, cell.Text, first));
                }
                else
                {
                    seen[cell.Text] = row.Number;
                }
            }
        }
    }

    private static Dictionary<string, List<Person>> ReadContacts(SheetTable sheet, IReadOnlyList<ImportedUnit> units, Committee committee, List<ImportProblem> problems)
    {
        var contacts = new Dictionary<string, List<Person>>(StringComparer.OrdinalIgnoreCase);
        if (Columns(sheet, WorkbookLayout.Contacts, problems) is not { } columns)
        {
            return contacts;
        }

        CheckMerged(sheet, columns, problems);
        var ids = units.ToDictionary(u => u.Id, u => u.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var row in DataRows(sheet))
        {
            var cell = new CellReader(sheet, row, columns, problems);
            var unitId = cell.Required(WorkbookLayout.UnitId);
            var name = cell.Name(WorkbookLayout.ContactName);
            var upn = cell.Optional(WorkbookLayout.ContactUpn);
            var objectId = cell.Optional(WorkbookLayout.ContactObjectId);
            if (upn is null && objectId is null && !cell.HasFormula(WorkbookLayout.ContactUpn) && !cell.HasFormula(WorkbookLayout.ContactObjectId))
            {
                cell.Problem(ImportProblemKind.Required, WorkbookLayout.ContactUpn);
            }
            else if (upn is not null && !CommitteeRules.IsAddress(upn))
            {
                cell.Problem(ImportProblemKind.NotAnAddress, WorkbookLayout.ContactUpn, upn);
            }

            if (unitId.Length == 0 || name.Length == 0 || (upn is null && objectId is null))
            {
                continue;
            }

            if (!ids.TryGetValue(unitId, out var canonical))
            {
                // Only units listed in this workbook take contacts; a unit left out of it retires.
                cell.Problem(ImportProblemKind.UnknownUnit, WorkbookLayout.UnitId, unitId);
                continue;
            }

            var list = contacts.TryGetValue(canonical, out var existing) ? existing : contacts[canonical] = [];
            var person = new Person(name, objectId, upn);
            if (list.Any(p => SamePerson(p, person)))
            {
                cell.Problem(ImportProblemKind.DuplicateContact, upn is not null ? WorkbookLayout.ContactUpn : WorkbookLayout.ContactObjectId, upn ?? objectId);
                continue;
            }

            if (list.Count == CommitteeLimits.MaxContactsPerUnit)
            {
                cell.Problem(ImportProblemKind.TooManyContacts, WorkbookLayout.UnitId, CommitteeLimits.MaxContactsPerUnit.ToString(CultureInfo.InvariantCulture));
                continue;
            }

            list.Add(person);
        }

        return contacts;
    }

    /// <summary>Where each column is, found by its header in either language; missing required headers are problems.</summary>
    private static Dictionary<SheetColumn, int>? Columns(SheetTable sheet, IReadOnlyList<SheetColumn> layout, List<ImportProblem> problems)
    {
        var header = sheet.Rows.FirstOrDefault(r => r.Number == 1);
        var columns = new Dictionary<SheetColumn, int>();
        foreach (var column in layout)
        {
            var names = Languages.Select(t => t[column.HeaderKey]).ToList();
            var found = header?.Cells.FirstOrDefault(c => names.Any(n => string.Equals(n, c.Value.Text, StringComparison.OrdinalIgnoreCase)));
            if (found is { Value: not null } hit)
            {
                columns[column] = hit.Key;
            }
            else if (column.Required || column == WorkbookLayout.ContactUpn)
            {
                problems.Add(new ImportProblem(ImportProblemKind.MissingColumn, sheet.Name, 1, Value: string.Join(" / ", names)));
            }
        }

        return problems.Any(p => p.Kind == ImportProblemKind.MissingColumn && p.Sheet == sheet.Name) ? null : columns;
    }

    private static List<SheetRow> DataRows(SheetTable sheet) => sheet.Rows.Where(r => r.Number > 1).ToList();

    /// <summary>A merged cell hides which row or column a value belongs to: refused wherever values are read.</summary>
    private static void CheckMerged(SheetTable sheet, IReadOnlyDictionary<SheetColumn, int> columns, List<ImportProblem> problems)
    {
        foreach (var range in sheet.Merged)
        {
            var column = columns.FirstOrDefault(c => c.Value >= range.FirstColumn && c.Value <= range.LastColumn);
            if (column.Key is not null)
            {
                problems.Add(new ImportProblem(ImportProblemKind.MergedCells, sheet.Name, range.FirstRow, ExcelMaterials.Column(range.FirstColumn), HeaderOf(column.Key), range.Reference));
            }
        }
    }

    private static bool Matches(string sheetName, string key) => Languages.Any(t => string.Equals(t[key], sheetName.Trim(), StringComparison.OrdinalIgnoreCase));

    /// <summary>The header in both languages, as the problem list names a column.</summary>
    private static string HeaderOf(SheetColumn column) => string.Join(" / ", Languages.Select(t => t[column.HeaderKey]));

    /// <summary>Reads the cells of one row and records each problem at its cell.</summary>
    private sealed class CellReader(SheetTable sheet, SheetRow row, IReadOnlyDictionary<SheetColumn, int> columns, List<ImportProblem> problems)
    {
        public string Required(SheetColumn column)
        {
            var value = Value(column);
            if (value is { Length: 0 })
            {
                Problem(ImportProblemKind.Required, column);
            }

            return value ?? string.Empty;
        }

        public string Name(SheetColumn column)
        {
            var value = Required(column);
            if (value.Length > CommitteeLimits.MaxNameLength)
            {
                Problem(ImportProblemKind.TooLong, column, CommitteeLimits.MaxNameLength.ToString(CultureInfo.InvariantCulture));
            }

            return value;
        }

        public string? Optional(SheetColumn column) => Value(column) is { Length: > 0 } value ? value : null;

        public bool HasFormula(SheetColumn column) => columns.TryGetValue(column, out var index) && row.Cells.GetValueOrDefault(index)?.IsFormula == true;

        public void Problem(ImportProblemKind kind, SheetColumn column, string? value = null, int? otherRow = null) => problems.Add(Located(kind, column, value, otherRow));

        public ImportProblem Located(ImportProblemKind kind, SheetColumn column, string? value, int? otherRow = null) =>
            new(kind, sheet.Name, row.Number, columns.TryGetValue(column, out var index) ? ExcelMaterials.Column(index) : null, HeaderOf(column), value, otherRow);

        /// <summary>The typed text; null (and a problem) for a formula, whose result may change after it is read.</summary>
        private string? Value(SheetColumn column)
        {
            if (!columns.TryGetValue(column, out var index))
            {
                return string.Empty;
            }

            var cell = row.Cells.GetValueOrDefault(index);
            if (cell?.IsFormula == true)
            {
                Problem(ImportProblemKind.Formula, column);
                return null;
            }

            return cell?.Text ?? string.Empty;
        }
    }
}

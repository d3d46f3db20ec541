using CooperationBot.Committees;

namespace CooperationBot.Imports;

public enum ImportProblemKind
{
    /// <summary>The file is 10 MB or more (or unpacks to far more).</summary>
    TooLarge,
    NotAWorkbook,
    PasswordProtected,

    /// <summary>An Excel 97–2003 .xls file: it must be saved as .xlsx.</summary>
    OldExcelFormat,
    MissingSheet,
    MissingColumn,
    Formula,
    MergedCells,
    Required,
    TooLong,
    InvalidId,
    DuplicateId,
    DuplicateName,
    TooManyUnits,
    NoUnits,
    UnknownUnit,
    NotAnAddress,
    DuplicateContact,
    TooManyContacts,

    /// <summary>The committee's own rules refused the result (<see cref="ImportProblem.Value"/> says why).</summary>
    Rejected,
}

/// <summary>
/// One problem with the workbook, where the organiser can find it: the sheet as named in their file,
/// the row number and the column letter with its header; all null for a problem with the whole file.
/// </summary>
/// <param name="Value">The offending value, or the limit that was passed.</param>
/// <param name="OtherRow">For a duplicate: the row that has it first.</param>
public sealed record ImportProblem(ImportProblemKind Kind, string? Sheet = null, int? Row = null, string? Column = null, string? Header = null, string? Value = null, int? OtherRow = null);

/// <summary>A unit as the workbook lists it, with its contacts.</summary>
public sealed record ImportedUnit(string Id, LocalizedText ShortName, LocalizedText FullName, IReadOnlyList<Person> Contacts);

/// <summary>One renamed field of a unit.</summary>
public sealed record UnitRename(Unit Unit, string Field, string Old, string New);

/// <summary>A contact added to or removed from a unit, or renamed.</summary>
public sealed record ContactChange(Unit Unit, Person Person, string? OldName = null);

/// <summary>What applying the workbook would change in the committee.</summary>
public sealed record ImportDiff(
    IReadOnlyList<Unit> Added,
    IReadOnlyList<Unit> Reinstated,
    IReadOnlyList<UnitRename> Renamed,
    IReadOnlyList<Unit> Retired,
    bool Reordered,
    IReadOnlyList<ContactChange> ContactsAdded,
    IReadOnlyList<ContactChange> ContactsRemoved,
    IReadOnlyList<ContactChange> ContactsRenamed)
{
    public bool IsEmpty => Added.Count + Reinstated.Count + Renamed.Count + Retired.Count + ContactsAdded.Count + ContactsRemoved.Count + ContactsRenamed.Count == 0 && !Reordered;

    /// <summary>A short hash of the changes: Confirm applies only what the preview showed.</summary>
    public string Fingerprint()
    {
        var text = string.Join('\n',
            Added.Select(u => "+" + u.Id)
                .Concat(Reinstated.Select(u => "^" + u.Id))
                .Concat(Renamed.Select(r => $"~{r.Unit.Id}/{r.Field}/{r.Old}/{r.New}"))
                .Concat(Retired.Select(u => "-" + u.Id))
                .Append(Reordered ? "order" : string.Empty)
                .Concat(ContactsAdded.Select(c => $"+{c.Unit.Id}/{PersonKeys.Of(c.Person)}/{c.Person.Name}"))
                .Concat(ContactsRemoved.Select(c => $"-{c.Unit.Id}/{PersonKeys.Of(c.Person)}"))
                .Concat(ContactsRenamed.Select(c => $"~{c.Unit.Id}/{PersonKeys.Of(c.Person)}/{c.Person.Name}")));
        return Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(text)))[..16].ToLowerInvariant();
    }
}

/// <summary>The workbook read and checked against the committee: the units it lists, what would change, and every problem.</summary>
public sealed record ImportPlan(IReadOnlyList<ImportedUnit> Units, ImportDiff Diff, IReadOnlyList<ImportProblem> Problems)
{
    public bool CanApply => Problems.Count == 0 && !Diff.IsEmpty;

    public static ImportPlan Refused(params ImportProblem[] problems) => new([], ImportPlanner.NoChange, problems);
}

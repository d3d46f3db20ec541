namespace CooperationBot.Exports;

/// <summary>A column of a workbook sheet: the resource key of its header and its width in characters.</summary>
public sealed record SheetColumn(string HeaderKey, double Width, bool Required = false);

/// <summary>
/// The workbook's sheets and columns, shared by the export and the import: the exported workbook is also
/// the template organisers fill in to set up units and contacts. Headers are read in either language.
/// </summary>
public static class WorkbookLayout
{
    public const string ReportsSheet = "Excel_SheetReports";
    public const string DirectivesSheet = "Excel_SheetDirectives";
    public const string HistorySheet = "Excel_SheetHistory";
    public const string UnitsSheet = "Excel_SheetUnits";
    public const string ContactsSheet = "Excel_SheetContacts";

    public static IReadOnlyList<SheetColumn> Reports { get; } =
    [
        new("Excel_ColUnitId", 12), new("Excel_ColUnit", 18), new("Excel_ColKind", 14), new("Excel_ColOrder", 8),
        new("Excel_ColText", 70), new("Excel_ColRevision", 8), new("Excel_ColSubmittedAt", 18), new("Excel_ColSubmittedBy", 16),
    ];

    public static IReadOnlyList<SheetColumn> History { get; } =
    [
        new("Excel_ColAt", 18), new("Excel_ColBy", 16), new("Excel_ColUnit", 18), new("Excel_ColSubject", 18),
        new("Excel_ColField", 14), new("Excel_ColOld", 40), new("Excel_ColNew", 40),
    ];

    public static SheetColumn UnitId { get; } = new("Excel_ColUnitId", 12, Required: true);

    public static SheetColumn ShortNameZh { get; } = new("Excel_ColShortNameZh", 18, Required: true);

    public static SheetColumn ShortNameEn { get; } = new("Excel_ColShortNameEn", 18, Required: true);

    public static SheetColumn FullNameZh { get; } = new("Excel_ColFullNameZh", 36, Required: true);

    public static SheetColumn FullNameEn { get; } = new("Excel_ColFullNameEn", 44, Required: true);

    public static IReadOnlyList<SheetColumn> Units { get; } = [UnitId, ShortNameZh, ShortNameEn, FullNameZh, FullNameEn];

    public static SheetColumn ContactName { get; } = new("Excel_ColContactName", 18, Required: true);

    /// <summary>E-mail or user principal name; a contact needs it or an object id.</summary>
    public static SheetColumn ContactUpn { get; } = new("Excel_ColContactUpn", 32);

    public static SheetColumn ContactObjectId { get; } = new("Excel_ColContactObjectId", 38);

    public static IReadOnlyList<SheetColumn> Contacts { get; } = [UnitId, ContactName, ContactUpn, ContactObjectId];
}

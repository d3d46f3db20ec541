using System.Globalization;
using CooperationBot.Localization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CooperationBot.Exports;

/// <summary>
/// The meeting materials as a workbook: one row per reported item, the directive matrix, the change
/// history, and the committee's units and contacts (the sheets an organiser fills in to import). Every
/// sheet has a frozen header row and filters; times are real dates in the committee's time zone.
/// </summary>
public static class ExcelMaterials
{
    private const uint HeaderStyle = 1;
    private const uint DateStyle = 2;
    private const uint WrapStyle = 3;

    public static byte[] Build(MeetingMaterials m, Texts t)
    {
        var sheets = new List<SheetContent>
        {
            ReportsSheet(m, t),
            DirectivesSheet(m, t),
            HistorySheet(m, t),
            UnitsSheet(m, t),
            ContactsSheet(m, t),
        };
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var strings = new SharedStrings();
            var styles = workbook.AddNewPart<WorkbookStylesPart>();
            styles.Stylesheet = Stylesheet(t);
            var sheetList = new Sheets();
            var filters = new DefinedNames();
            for (var i = 0; i < sheets.Count; i++)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                part.Worksheet = sheets[i].ToWorksheet(strings);
                sheetList.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = sheets[i].Name });

                // Excel keeps an autofilter's range in this hidden name as well.
                filters.Append(new DefinedName($"'{sheets[i].Name}'!{sheets[i].AbsoluteRange}") { Name = "_xlnm._FilterDatabase", LocalSheetId = (uint)i, Hidden = true });
            }

            var sharedStrings = workbook.AddNewPart<SharedStringTablePart>();
            sharedStrings.SharedStringTable = strings.Table;
            workbook.Workbook = new Workbook(sheetList, filters);
        }

        return stream.ToArray();
    }

    private static SheetContent ReportsSheet(MeetingMaterials m, Texts t)
    {
        var sheet = new SheetContent(t[WorkbookLayout.ReportsSheet], WorkbookLayout.Reports.Select(c => (t[c.HeaderKey], c.Width)).ToList());
        foreach (var (unit, report) in m.Units.Select(u => (u.Unit, u.Report)))
        {
            var name = unit.ShortName.For(t.Culture);
            if (report.Latest is not { } latest)
            {
                sheet.Row(unit.Id, name, t["Excel_KindNotSubmitted"], null, null, null, null, null);
                continue;
            }

            var items = latest.Content.Achievements.Select((text, i) => (Kind: t["Excel_KindAchievement"], Order: i + 1, Text: text))
                .Concat(latest.Content.Priorities.Select((text, i) => (Kind: t["Excel_KindPriority"], Order: i + 1, Text: text)))
                .Concat(latest.Content.Remark is { } remark ? [(Kind: t["Excel_KindRemark"], Order: 1, Text: remark)] : []);
            foreach (var item in items)
            {
                sheet.Row(unit.Id, name, item.Kind, item.Order, new Wrapped(item.Text), latest.Number, m.Local(latest.SubmittedAt), latest.SubmittedByName);
            }
        }

        return sheet;
    }

    private static SheetContent DirectivesSheet(MeetingMaterials m, Texts t)
    {
        var columns = new List<(string, double)> { (t["Excel_ColUnitId"], 12), (t["Excel_ColUnit"], 18) };
        columns.AddRange(m.Directives.Select(d => (t.Format("Word_DirectiveShort", d.Definition.Number), 14.0)));
        var sheet = new SheetContent(t[WorkbookLayout.DirectivesSheet], columns);
        foreach (var unit in m.Units.Select(u => u.Unit))
        {
            sheet.Row([unit.Id, unit.ShortName.For(t.Culture), .. m.Directives.Select(d => (object?)(d.IsOwner(unit.Id) ? WordMaterials.StatusText(d, d.For(unit.Id), t) : t["Word_NotOwner"]))]);
        }

        return sheet;
    }

    private static SheetContent HistorySheet(MeetingMaterials m, Texts t)
    {
        var sheet = new SheetContent(t[WorkbookLayout.HistorySheet], WorkbookLayout.History.Select(c => (t[c.HeaderKey], c.Width)).ToList());
        foreach (var entry in MaterialsHistory.Of(m, t))
        {
            sheet.Row(m.Local(entry.At), entry.ByName, entry.Unit, entry.Subject, entry.Field, new Wrapped(entry.Old), new Wrapped(entry.New));
        }

        return sheet;
    }

    private static SheetContent UnitsSheet(MeetingMaterials m, Texts t)
    {
        var sheet = new SheetContent(t[WorkbookLayout.UnitsSheet], WorkbookLayout.Units.Select(c => (t[c.HeaderKey], c.Width)).ToList());
        foreach (var unit in m.Committee.Units)
        {
            sheet.Row(unit.Id, unit.ShortName.Zh, unit.ShortName.En, unit.FullName.Zh, unit.FullName.En);
        }

        return sheet;
    }

    private static SheetContent ContactsSheet(MeetingMaterials m, Texts t)
    {
        var sheet = new SheetContent(t[WorkbookLayout.ContactsSheet], WorkbookLayout.Contacts.Select(c => (t[c.HeaderKey], c.Width)).ToList());
        foreach (var unit in m.Committee.Units)
        {
            foreach (var contact in unit.Contacts)
            {
                sheet.Row(unit.Id, contact.Name, contact.Upn, contact.AadObjectId);
            }
        }

        return sheet;
    }

    private static Stylesheet Stylesheet(Texts t)
    {
        var font = t.IsChinese ? "宋体" : "Calibri";
        return new Stylesheet(
            new NumberingFormats(new NumberingFormat { NumberFormatId = 164U, FormatCode = "yyyy-mm-dd hh:mm" }) { Count = 1U },
            new Fonts(
                new Font(new FontSize { Val = 11 }, new FontName { Val = font }),
                new Font(new Bold(), new FontSize { Val = 11 }, new FontName { Val = font }))
            { Count = 2U },
            new Fills(
                new Fill(new PatternFill { PatternType = PatternValues.None }),
                new Fill(new PatternFill { PatternType = PatternValues.Gray125 }),
                new Fill(new PatternFill(new ForegroundColor { Rgb = "FFD9D9D9" }, new BackgroundColor { Indexed = 64U }) { PatternType = PatternValues.Solid }))
            { Count = 3U },
            new Borders(new Border(new LeftBorder(), new RightBorder(), new TopBorder(), new BottomBorder(), new DiagonalBorder())) { Count = 1U },
            new CellStyleFormats(new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U }) { Count = 1U },
            new CellFormats(
                new CellFormat { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U },
                new CellFormat { NumberFormatId = 0U, FontId = 1U, FillId = 2U, BorderId = 0U, FormatId = 0U, ApplyFont = true, ApplyFill = true },
                new CellFormat { NumberFormatId = 164U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyNumberFormat = true },
                new CellFormat(new Alignment { WrapText = true, Vertical = VerticalAlignmentValues.Top }) { NumberFormatId = 0U, FontId = 0U, FillId = 0U, BorderId = 0U, FormatId = 0U, ApplyAlignment = true })
            { Count = 4U },
            new CellStyles(new CellStyle { Name = "Normal", FormatId = 0U, BuiltinId = 0U }) { Count = 1U });
    }

    /// <summary>Long text that wraps in its cell.</summary>
    private sealed record Wrapped(string Text);

    /// <summary>Strings are stored once per workbook and referred to by index.</summary>
    private sealed class SharedStrings
    {
        private readonly Dictionary<string, int> index = new(StringComparer.Ordinal);

        public SharedStringTable Table { get; } = new();

        public int IndexOf(string text)
        {
            if (!index.TryGetValue(text, out var i))
            {
                i = index[text] = index.Count;
                Table.Append(new SharedStringItem(new Text(Clean(text)) { Space = SpaceProcessingModeValues.Preserve }));
            }

            return i;
        }

        /// <summary>XML cannot carry control characters other than tab and line breaks.</summary>
        private static string Clean(string text) =>
            text.Any(c => char.IsControl(c) && c is not ('\t' or '\n' or '\r')) ? new string(text.Where(c => !char.IsControl(c) || c is '\t' or '\n' or '\r').ToArray()) : text;
    }

    private sealed class SheetContent(string name, IReadOnlyList<(string Header, double Width)> columns)
    {
        private readonly List<object?[]> rows = [];

        // Excel's rule for sheet names: at most 31 characters, none of []:*?/\.
        public string Name { get; } = new string(name.Where(c => c is not ('[' or ']' or ':' or '*' or '?' or '/' or '\\')).Take(31).ToArray());

        public string AbsoluteRange => $"${Column(0)}$1:${Column(columns.Count - 1)}${rows.Count + 1}";

        public void Row(params object?[] values) => rows.Add(values);

        public Worksheet ToWorksheet(SharedStrings strings)
        {
            var data = new SheetData();
            data.Append(new Row(columns.Select((c, i) => StringCell(i, 1, c.Header, strings, HeaderStyle))) { RowIndex = 1U });
            for (var r = 0; r < rows.Count; r++)
            {
                var rowNumber = (uint)(r + 2);
                var row = new Row { RowIndex = rowNumber };
                for (var c = 0; c < rows[r].Length; c++)
                {
                    if (ValueCell(c, rowNumber, rows[r][c], strings) is { } cell)
                    {
                        row.Append(cell);
                    }
                }

                data.Append(row);
            }

            var range = $"A1:{Column(columns.Count - 1)}{rows.Count + 1}";
            return new Worksheet(
                new SheetDimension { Reference = range },
                new SheetViews(new SheetView(
                    new Pane { VerticalSplit = 1D, TopLeftCell = "A2", ActivePane = PaneValues.BottomLeft, State = PaneStateValues.Frozen },
                    new Selection { Pane = PaneValues.BottomLeft, ActiveCell = "A2", SequenceOfReferences = new ListValue<StringValue> { InnerText = "A2" } })
                { WorkbookViewId = 0U, TabSelected = false }),
                new SheetFormatProperties { DefaultRowHeight = 15D },
                new Columns(columns.Select((c, i) => new Column { Min = (uint)(i + 1), Max = (uint)(i + 1), Width = c.Width, CustomWidth = true })),
                data,
                new AutoFilter { Reference = range });
        }

        private static Cell? ValueCell(int column, uint row, object? value, SharedStrings strings) => value switch
        {
            null => null,
            string s when s.Length == 0 => null,
            string s => StringCell(column, row, s, strings, 0),
            Wrapped w => w.Text.Length == 0 ? null : StringCell(column, row, w.Text, strings, WrapStyle),
            int n => new Cell(new CellValue(n)) { CellReference = Reference(column, row), DataType = CellValues.Number },
            DateTime d => new Cell(new CellValue(d.ToOADate().ToString("R", CultureInfo.InvariantCulture))) { CellReference = Reference(column, row), StyleIndex = DateStyle },
            _ => throw new ArgumentException($"Unsupported cell value {value.GetType().Name}.", nameof(value)),
        };

        private static Cell StringCell(int column, uint row, string text, SharedStrings strings, uint style) =>
            new(new CellValue(strings.IndexOf(text))) { CellReference = Reference(column, row), DataType = CellValues.SharedString, StyleIndex = style == 0 ? null : style };

        private static string Reference(int column, uint row) => Column(column) + row.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>A, B, … Z, AA, AB, …</summary>
    public static string Column(int index)
    {
        var name = string.Empty;
        for (var n = index + 1; n > 0; n = (n - 1) / 26)
        {
            name = (char)('A' + ((n - 1) % 26)) + name;
        }

        return name;
    }
}

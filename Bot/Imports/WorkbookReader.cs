using System.IO.Compression;
using System.Text;
using System.Xml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CooperationBot.Imports;

/// <summary>A cell's text as the organiser sees it, and whether a formula computes it.</summary>
public sealed record SheetCell(string Text, bool IsFormula);

/// <summary>A row of a sheet by its 1-based number; cells by 0-based column.</summary>
public sealed record SheetRow(int Number, IReadOnlyDictionary<int, SheetCell> Cells);

/// <summary>A merged range, 1-based rows and 0-based columns, with its reference as Excel shows it (e.g. B3:C3).</summary>
public sealed record MergedRange(int FirstRow, int LastRow, int FirstColumn, int LastColumn, string Reference);

public sealed record SheetTable(string Name, IReadOnlyList<SheetRow> Rows, IReadOnlyList<MergedRange> Merged);

/// <summary>The sheets read from a workbook, or why the file cannot be read at all.</summary>
public sealed record WorkbookContent(IReadOnlyList<string> SheetNames, IReadOnlyList<SheetTable> Sheets, ImportProblem? Problem);

/// <summary>
/// Reads sheets of an .xlsx file into plain text cells. Anything that is not an unencrypted .xlsx of a
/// sane size is turned away before the workbook is parsed: the limit is checked on the file and on
/// what it unpacks to, so a small file cannot expand into gigabytes.
/// </summary>
public static class WorkbookReader
{
    public const long MaxBytes = 10L * 1024 * 1024;

    /// <summary>What the parts of a workbook may unpack to, together.</summary>
    private const long MaxUnpackedBytes = 200L * 1024 * 1024;

    private static readonly byte[] CompoundFileSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <param name="wanted">Which sheets (by name) to read; the others are only listed.</param>
    public static WorkbookContent Read(byte[] bytes, Func<string, bool> wanted)
    {
        if (bytes.LongLength >= MaxBytes)
        {
            return Fail(ImportProblemKind.TooLarge);
        }

        if (bytes.AsSpan().StartsWith(CompoundFileSignature))
        {
            // Office keeps a password-protected workbook in an OLE compound file whose streams are the
            // encryption header and the encrypted package; any other compound file is an old binary format.
            var encrypted = bytes.AsSpan().IndexOf(Encoding.Unicode.GetBytes("EncryptedPackage")) >= 0;
            return Fail(encrypted ? ImportProblemKind.PasswordProtected : ImportProblemKind.OldExcelFormat);
        }

        if (Unpacked(bytes) is not { } unpacked)
        {
            return Fail(ImportProblemKind.NotAWorkbook);
        }

        if (unpacked > MaxUnpackedBytes)
        {
            return Fail(ImportProblemKind.TooLarge);
        }

        try
        {
            using var document = SpreadsheetDocument.Open(new MemoryStream(bytes, writable: false), false);
            var workbook = document.WorkbookPart ?? throw new InvalidDataException("no workbook part");
            var strings = workbook.SharedStringTablePart?.SharedStringTable.Elements<SharedStringItem>().Select(TextOf).ToList() ?? [];
            var sheets = workbook.Workbook.Sheets?.Elements<Sheet>().ToList() ?? [];
            var tables = sheets.Where(s => s.Name?.Value is { } name && wanted(name) && s.Id?.Value is not null)
                .Select(s => ReadSheet(s.Name!.Value!, (WorksheetPart)workbook.GetPartById(s.Id!.Value!), strings))
                .ToList();
            return new WorkbookContent(sheets.Select(s => s.Name?.Value ?? string.Empty).ToList(), tables, null);
        }
        catch (Exception ex) when (ex is OpenXmlPackageException or InvalidDataException or IOException or XmlException or InvalidOperationException or ArgumentException or NotSupportedException or InvalidCastException or FormatException)
        {
            return Fail(ImportProblemKind.NotAWorkbook);
        }
    }

    private static WorkbookContent Fail(ImportProblemKind kind) => new([], [], new ImportProblem(kind));

    /// <summary>The size the zip's parts unpack to, or null when the file is not a zip at all.</summary>
    private static long? Unpacked(byte[] bytes)
    {
        try
        {
            using var zip = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            return zip.Entries.Sum(e => e.Length);
        }
        catch (InvalidDataException)
        {
            return null;
        }
    }

    private static SheetTable ReadSheet(string name, WorksheetPart part, IReadOnlyList<string> strings)
    {
        var rows = new List<SheetRow>();
        var nextRow = 1;
        foreach (var row in part.Worksheet.Descendants<Row>())
        {
            var number = row.RowIndex?.Value is { } index ? (int)index : nextRow;
            nextRow = number + 1;
            var cells = new Dictionary<int, SheetCell>();
            var nextColumn = 0;
            foreach (var cell in row.Elements<Cell>())
            {
                var column = cell.CellReference?.Value is { } reference ? ColumnOf(reference) : nextColumn;
                nextColumn = column + 1;
                var read = Read(cell, strings);
                if (read.Text.Length > 0 || read.IsFormula)
                {
                    cells[column] = read;
                }
            }

            if (cells.Count > 0)
            {
                rows.Add(new SheetRow(number, cells));
            }
        }

        var merged = part.Worksheet.Descendants<MergeCell>().Select(m => m.Reference?.Value).OfType<string>().Select(Range).OfType<MergedRange>().ToList();
        return new SheetTable(name, rows, merged);
    }

    private static SheetCell Read(Cell cell, IReadOnlyList<string> strings)
    {
        var raw = cell.CellValue?.Text ?? string.Empty;
        var text = cell.DataType?.Value switch
        {
            var t when t == CellValues.SharedString => int.TryParse(raw, out var i) && i >= 0 && i < strings.Count ? strings[i] : string.Empty,
            var t when t == CellValues.InlineString => cell.InlineString is { } inline ? TextOf(inline) : string.Empty,
            _ => raw,
        };
        return new SheetCell(text.Trim(), cell.CellFormula is not null);
    }

    /// <summary>The text a reader sees: plain or rich-text runs, without the phonetic guide some Asian files carry.</summary>
    private static string TextOf(DocumentFormat.OpenXml.OpenXmlElement item) =>
        item.GetFirstChild<Text>() is { } plain ? plain.Text : string.Concat(item.Elements<Run>().Select(r => r.Text?.Text));

    /// <summary>"AB12" → 27 (0-based).</summary>
    public static int ColumnOf(string reference)
    {
        var column = 0;
        foreach (var c in reference.TakeWhile(char.IsAsciiLetter))
        {
            column = (column * 26) + (char.ToUpperInvariant(c) - 'A' + 1);
        }

        return column - 1;
    }

    private static int RowOf(string reference) =>
        int.TryParse(reference.AsSpan(reference.TakeWhile(char.IsAsciiLetter).Count()), out var row) ? row : 0;

    private static MergedRange? Range(string reference)
    {
        var ends = reference.Split(':');
        if (ends.Length != 2)
        {
            return null;
        }

        return new MergedRange(RowOf(ends[0]), RowOf(ends[1]), ColumnOf(ends[0]), ColumnOf(ends[1]), reference);
    }
}

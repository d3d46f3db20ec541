using System.Text;
using CooperationBot.Exports;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Spreadsheet;

namespace CooperationBot.Tests.Imports;

/// <summary>A sheet to write: rows of cell texts (null = empty; "=…" = a formula), and merged ranges.</summary>
public sealed record TestSheet(string Name, IReadOnlyList<IReadOnlyList<string?>> Rows, IReadOnlyList<string>? Merged = null);

/// <summary>Workbooks as organisers send them: written with the OpenXML SDK, or the export edited as someone would in Excel.</summary>
public static class TestWorkbooks
{
    private const uint Free = 0xFFFFFFFF;
    private const uint EndOfChain = 0xFFFFFFFE;
    private const uint FatSector = 0xFFFFFFFD;
    private const uint NoStream = 0xFFFFFFFF;

    public static readonly string[] UnitHeaders = ["单位编号", "简称（中文）", "简称（英文）", "全称（中文）", "全称（英文）"];
    public static readonly string[] ContactHeaders = ["单位编号", "姓名", "邮箱/UPN", "Entra 对象 ID"];

    public static byte[] Build(params TestSheet[] sheets)
    {
        using var stream = new MemoryStream();
        using (var document = SpreadsheetDocument.Create(stream, SpreadsheetDocumentType.Workbook))
        {
            var workbook = document.AddWorkbookPart();
            var list = new Sheets();
            for (var i = 0; i < sheets.Length; i++)
            {
                var part = workbook.AddNewPart<WorksheetPart>();
                var data = new SheetData(sheets[i].Rows.Select((row, r) => new Row(row.Select((text, c) => CellOf(text, c, r + 1)).OfType<Cell>()) { RowIndex = (uint)(r + 1) }));
                part.Worksheet = new Worksheet(data);
                if (sheets[i].Merged is { Count: > 0 } merged)
                {
                    part.Worksheet.Append(new MergeCells(merged.Select(m => new MergeCell { Reference = m })));
                }

                list.Append(new Sheet { Id = workbook.GetIdOfPart(part), SheetId = (uint)(i + 1), Name = sheets[i].Name });
            }

            workbook.Workbook = new Workbook(list);
        }

        return stream.ToArray();
    }

    /// <summary>A units sheet and a contacts sheet with the Chinese headers.</summary>
    public static byte[] Template(IEnumerable<string?[]> units, IEnumerable<string?[]> contacts, string unitsSheet = "单位", string contactsSheet = "联络人") => Build(
        new TestSheet(unitsSheet, [UnitHeaders, .. units]),
        new TestSheet(contactsSheet, [ContactHeaders, .. contacts]));

    /// <summary>Opens a workbook for editing (as a person would in Excel) and returns the saved bytes.</summary>
    public static byte[] Edit(byte[] workbook, Action<WorkbookEditor> edit)
    {
        using var stream = new MemoryStream();
        stream.Write(workbook);
        using (var document = SpreadsheetDocument.Open(stream, true))
        {
            edit(new WorkbookEditor(document));
        }

        return stream.ToArray();
    }

    /// <summary>
    /// What Office saves when a workbook gets a password to open: an OLE compound file holding the
    /// streams EncryptionInfo and EncryptedPackage (here with placeholder contents), not a zip.
    /// </summary>
    public static byte[] PasswordProtected() => CompoundFile(("EncryptionInfo", 4096), ("EncryptedPackage", 4096));

    /// <summary>An Excel 97–2003 workbook is a compound file with a Workbook stream.</summary>
    public static byte[] OldExcel() => CompoundFile(("Workbook", 4096), ("SummaryInformation", 4096));

    private static Cell? CellOf(string? text, int column, int row)
    {
        if (text is null)
        {
            return null;
        }

        var reference = ExcelMaterials.Column(column) + row;
        return text.StartsWith('=')
            ? new Cell(new CellFormula(text[1..]), new CellValue("computed")) { CellReference = reference, DataType = CellValues.String }
            : new Cell(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };
    }

    /// <summary>A minimal compound file (version 3, 512-byte sectors): a FAT sector, a directory sector, then two streams.</summary>
    private static byte[] CompoundFile((string Name, int Size) first, (string Name, int Size) second)
    {
        var firstSectors = first.Size / 512;
        var secondSectors = second.Size / 512;
        var file = new byte[512 * (1 + 2 + firstSectors + secondSectors)];
        void U16(int at, int value) => BitConverter.TryWriteBytes(file.AsSpan(at, 2), (ushort)value);
        void U32(int at, uint value) => BitConverter.TryWriteBytes(file.AsSpan(at, 4), value);

        new byte[] { 0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1 }.CopyTo(file, 0);
        U16(0x18, 0x3E);
        U16(0x1A, 3);
        U16(0x1C, 0xFFFE);
        U16(0x1E, 9);
        U16(0x20, 6);
        U32(0x2C, 1); // one FAT sector
        U32(0x30, 1); // the directory starts at sector 1
        U32(0x38, 4096);
        U32(0x3C, EndOfChain);
        U32(0x44, EndOfChain);
        U32(0x4C, 0); // the FAT is sector 0
        for (var i = 1; i < 109; i++)
        {
            U32(0x4C + (4 * i), Free);
        }

        int Sector(int index) => 512 * (index + 1);
        var fat = Sector(0);
        for (var i = 0; i < 128; i++)
        {
            U32(fat + (4 * i), Free);
        }

        U32(fat, FatSector);
        U32(fat + 4, EndOfChain);
        void Chain(int start, int count)
        {
            for (var i = 0; i < count; i++)
            {
                U32(fat + (4 * (start + i)), i == count - 1 ? EndOfChain : (uint)(start + i + 1));
            }
        }

        Chain(2, firstSectors);
        Chain(2 + firstSectors, secondSectors);

        var directory = Sector(1);
        void Entry(int index, string name, byte type, byte color, uint left, uint right, uint child, uint start, int size)
        {
            var at = directory + (128 * index);
            var encoded = Encoding.Unicode.GetBytes(name);
            encoded.CopyTo(file, at);
            U16(at + 64, encoded.Length + 2);
            file[at + 66] = type;
            file[at + 67] = color;
            U32(at + 68, left);
            U32(at + 72, right);
            U32(at + 76, child);
            U32(at + 116, start);
            U32(at + 120, (uint)size);
        }

        // Directory entries are a red-black tree ordered by name length, then name: the shorter name is the root.
        var (small, large, smallStart, largeStart) = first.Name.Length <= second.Name.Length
            ? (first, second, 2, 2 + firstSectors)
            : (second, first, 2 + firstSectors, 2);
        Entry(0, "Root Entry", 5, 1, NoStream, NoStream, 1, EndOfChain, 0);
        Entry(1, small.Name, 2, 1, NoStream, 2, NoStream, (uint)smallStart, small.Size);
        Entry(2, large.Name, 2, 0, NoStream, NoStream, NoStream, (uint)largeStart, large.Size);
        for (var i = 3; i < 4; i++)
        {
            U32(directory + (128 * i) + 68, NoStream);
            U32(directory + (128 * i) + 72, NoStream);
            U32(directory + (128 * i) + 76, NoStream);
        }

        new Random(7).NextBytes(file.AsSpan(Sector(2 + firstSectors)));
        return file;
    }
}

/// <summary>Edits of a workbook's cells, the way a person changes them in Excel.</summary>
public sealed class WorkbookEditor(SpreadsheetDocument document)
{
    public void SetCell(string sheet, string reference, string text)
    {
        var data = Data(sheet);
        var rowNumber = uint.Parse(new string(reference.SkipWhile(char.IsLetter).ToArray()), System.Globalization.CultureInfo.InvariantCulture);
        var row = data.Elements<Row>().FirstOrDefault(r => r.RowIndex?.Value == rowNumber) ?? data.AppendChild(new Row { RowIndex = rowNumber });
        var cell = row.Elements<Cell>().FirstOrDefault(c => c.CellReference == reference);
        var replacement = new Cell(new InlineString(new Text(text))) { CellReference = reference, DataType = CellValues.InlineString };
        if (cell is null)
        {
            var after = row.Elements<Cell>().LastOrDefault(c => string.CompareOrdinal(c.CellReference!.Value!.PadLeft(8), reference.PadLeft(8)) < 0);
            if (after is null)
            {
                row.PrependChild(replacement);
            }
            else
            {
                after.InsertAfterSelf(replacement);
            }
        }
        else
        {
            cell.InsertAfterSelf(replacement);
            cell.Remove();
        }
    }

    /// <summary>Deletes a row and moves the rows below it up, as Excel's Delete Row does.</summary>
    public void DeleteRow(string sheet, int number)
    {
        var data = Data(sheet);
        data.Elements<Row>().Single(r => r.RowIndex!.Value == number).Remove();
        foreach (var row in data.Elements<Row>().Where(r => r.RowIndex!.Value > number))
        {
            var index = row.RowIndex!.Value - 1;
            row.RowIndex = index;
            foreach (var cell in row.Elements<Cell>())
            {
                cell.CellReference = new string(cell.CellReference!.Value!.TakeWhile(char.IsLetter).ToArray()) + index;
            }
        }
    }

    public void AppendRow(string sheet, params string?[] values)
    {
        var data = Data(sheet);
        var number = (data.Elements<Row>().LastOrDefault()?.RowIndex?.Value ?? 0) + 1;
        data.Append(new Row(values.Select((v, c) => v is null ? null : new Cell(new InlineString(new Text(v))) { CellReference = ExcelMaterials.Column(c) + number, DataType = CellValues.InlineString }).OfType<Cell>()) { RowIndex = number });
    }

    /// <summary>Deletes every row whose first cell has this text (a unit's contacts, say).</summary>
    public void DeleteRowsOf(string sheet, string firstCellText)
    {
        while (Data(sheet).Elements<Row>().FirstOrDefault(r => r.Elements<Cell>().FirstOrDefault() is { } c && CellText(c) == firstCellText) is { } row)
        {
            DeleteRow(sheet, (int)row.RowIndex!.Value);
        }
    }

    public int RowOf(string sheet, string firstCellText) =>
        (int)Data(sheet).Elements<Row>().First(r => CellText(r.Elements<Cell>().First()) == firstCellText).RowIndex!.Value;

    private string CellText(Cell cell) => cell.DataType?.Value == CellValues.SharedString
        ? document.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<SharedStringItem>().ElementAt(int.Parse(cell.CellValue!.Text, System.Globalization.CultureInfo.InvariantCulture)).InnerText
        : cell.InnerText;

    private SheetData Data(string sheet)
    {
        var entry = document.WorkbookPart!.Workbook.Sheets!.Elements<Sheet>().Single(s => s.Name == sheet);
        return ((WorksheetPart)document.WorkbookPart.GetPartById(entry.Id!)).Worksheet.GetFirstChild<SheetData>()!;
    }
}

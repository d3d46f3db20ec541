using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Validation;
using DocumentFormat.OpenXml.Wordprocessing;
using S = DocumentFormat.OpenXml.Spreadsheet;

namespace CooperationBot.Tests.Exports;

/// <summary>Opens generated files with the OpenXML SDK, as Word and Excel would, and reads what a reader sees.</summary>
public static class OfficeFiles
{
    /// <summary>Every problem the SDK's validator reports (Office 2007 rules, which every Office since accepts).</summary>
    public static IReadOnlyList<string> ValidationErrors(OpenXmlPackage package) =>
        new OpenXmlValidator(FileFormatVersions.Office2007).Validate(package)
            .Select(e => $"{e.Part?.Uri} {e.Path?.XPath}: {e.Description}").ToList();

    public static WordprocessingDocument OpenWord(byte[] bytes) => WordprocessingDocument.Open(new MemoryStream(bytes), false);

    public static SpreadsheetDocument OpenExcel(byte[] bytes) => SpreadsheetDocument.Open(new MemoryStream(bytes), false);

    /// <summary>The document's paragraphs outside tables, with their style and text.</summary>
    public static IReadOnlyList<(string Style, string Text)> Paragraphs(WordprocessingDocument document) =>
        document.MainDocumentPart!.Document.Body!.Elements<Paragraph>()
            .Select(p => (p.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? string.Empty, TextOf(p)))
            .ToList();

    public static string TextOf(OpenXmlElement element) => string.Concat(element.Descendants().Select(e => e switch
    {
        Text t => t.Text,
        Break => "\n",
        _ => string.Empty,
    }));

    public static IReadOnlyList<IReadOnlyList<string>> Rows(Table table) =>
        table.Elements<TableRow>().Select(r => (IReadOnlyList<string>)r.Elements<TableCell>().Select(TextOf).ToList()).ToList();

    /// <summary>A sheet's cells as text (shared strings resolved, numbers as stored), row by row.</summary>
    public static IReadOnlyList<IReadOnlyList<string>> Cells(SpreadsheetDocument workbook, string sheetName)
    {
        var part = WorksheetOf(workbook, sheetName);
        var strings = workbook.WorkbookPart!.SharedStringTablePart!.SharedStringTable.Elements<S.SharedStringItem>().Select(i => i.InnerText).ToList();
        return part.Worksheet.Descendants<S.Row>().Select(row =>
        {
            var values = new List<string>();
            foreach (var cell in row.Elements<S.Cell>())
            {
                var column = ColumnIndex(cell.CellReference!.Value!);
                while (values.Count < column)
                {
                    values.Add(string.Empty);
                }

                var raw = cell.CellValue?.Text ?? string.Empty;
                values.Add(cell.DataType?.Value == S.CellValues.SharedString ? strings[int.Parse(raw, System.Globalization.CultureInfo.InvariantCulture)] : raw);
            }

            return (IReadOnlyList<string>)values;
        }).ToList();
    }

    public static WorksheetPart WorksheetOf(SpreadsheetDocument workbook, string sheetName)
    {
        var sheet = workbook.WorkbookPart!.Workbook.Sheets!.Elements<S.Sheet>().Single(s => s.Name == sheetName);
        return (WorksheetPart)workbook.WorkbookPart.GetPartById(sheet.Id!);
    }

    private static int ColumnIndex(string reference)
    {
        var index = 0;
        foreach (var c in reference.TakeWhile(char.IsLetter))
        {
            index = (index * 26) + (c - 'A' + 1);
        }

        return index - 1;
    }
}

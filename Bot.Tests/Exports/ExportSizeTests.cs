using System.Globalization;
using CooperationBot.Benchmarks;
using CooperationBot.Exports;
using CooperationBot.Localization;
using Xunit.Abstractions;

namespace CooperationBot.Tests.Exports;

/// <summary>
/// A 200-unit committee where everyone reported in full (three revisions, fifteen items each): each file
/// stays under 5 MB and still validates. How long it takes is measured by ExportBenchmarks, not here.
/// </summary>
public sealed class ExportSizeTests(ITestOutputHelper output)
{
    private const long FiveMegabytes = 5L * 1024 * 1024;

    private static readonly Texts Zh = new(CultureInfo.GetCultureInfo("zh-CN"));

    [Fact]
    public void Each_file_of_a_200_unit_committee_is_under_5_mb_and_opens_without_validation_errors()
    {
        var materials = FullMaterials.Of(200);

        var word = WordMaterials.Build(materials, Zh);
        var excel = ExcelMaterials.Build(materials, Zh);

        output.WriteLine($"200 units: Word {word.LongLength:N0} bytes, Excel {excel.LongLength:N0} bytes");
        Assert.True(word.LongLength < FiveMegabytes, $"Word: {word.LongLength} bytes");
        Assert.True(excel.LongLength < FiveMegabytes, $"Excel: {excel.LongLength} bytes");
        using var document = OfficeFiles.OpenWord(word);
        using var workbook = OfficeFiles.OpenExcel(excel);
        Assert.Empty(OfficeFiles.ValidationErrors(document));
        Assert.Empty(OfficeFiles.ValidationErrors(workbook));

        // Every unit and every reported item made it in: 200 units × (15 achievements, 15 priorities, a remark).
        Assert.Equal(200 * 31, OfficeFiles.Cells(workbook, "填报内容").Count - 1);
        Assert.Contains(OfficeFiles.Paragraphs(document), p => p.Text.Contains("单位200", StringComparison.Ordinal));
    }
}

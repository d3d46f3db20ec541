using CooperationBot.Localization;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CooperationBot.Exports;

/// <summary>Page margins in twentieths of a point.</summary>
internal sealed record PageMargins(int Top, int Bottom, uint Left, uint Right);

/// <summary>
/// Fonts, sizes (half-points) and spacing per language. Chinese follows the conventions of Chinese
/// official documents (GB/T 9704): 方正小标宋简体 title 二号, 黑体 and 楷体_GB2312 headings 三号,
/// 仿宋_GB2312 body 三号 on a 28-point line, 宋体 tables 五号, first lines indented two characters.
/// Every font names an East Asian face too, so Chinese names in an English document are drawn properly.
/// </summary>
internal sealed record WordFonts(
    string Latin, string HeadingLatin, string Title, string Heading1, string Heading2, string Body, string Table,
    string TitleSize, string Heading1Size, string Heading2Size, string BodySize, string TableSize, string FooterSize,
    bool Chinese, PageMargins Margins)
{
    public static WordFonts For(Texts t) => t.IsChinese
        ? new("Times New Roman", "Times New Roman", "方正小标宋简体", "黑体", "楷体_GB2312", "仿宋_GB2312", "宋体", "44", "32", "32", "32", "21", "28", true, new(2098, 1984, 1588U, 1474U))
        : new("Times New Roman", "Arial", "黑体", "黑体", "黑体", "宋体", "宋体", "36", "28", "24", "22", "18", "20", false, new(1418, 1418, 1418U, 1418U));

    public SpacingBetweenLines BodySpacing() => Chinese
        ? new SpacingBetweenLines { Before = "0", After = "0", Line = "560", LineRule = LineSpacingRuleValues.Exact }
        : new SpacingBetweenLines { Before = "0", After = "120", Line = "276", LineRule = LineSpacingRuleValues.Auto };

    /// <summary>Two characters (firstLineChars); the twips are for readers that ignore character units.</summary>
    public Indentation? BodyIndentation() => Chinese ? new Indentation { FirstLine = "640", FirstLineChars = 200 } : null;

    /// <summary>Chinese items read "（1）……" indented like body text; English items hang from "1.".</summary>
    public Indentation ListIndentation() => Chinese
        ? new Indentation { FirstLine = "640", FirstLineChars = 200 }
        : new Indentation { Left = "720", Hanging = "360" };
}

using System.Globalization;
using CooperationBot.Directives;
using CooperationBot.Localization;
using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace CooperationBot.Exports;

/// <summary>
/// The meeting materials as a Word document: a cover, every unit's report in committee order, then the
/// directives with a unit × directive status table and each unit's latest note. A4, page numbers, and
/// for Chinese the fonts Chinese offices use (GB/T 9704 style: 方正小标宋 title, 黑体 and 楷体 headings,
/// 仿宋 body).
/// </summary>
public static class WordMaterials
{
    private const string AbstractListId = "1";

    public static byte[] Build(MeetingMaterials m, Texts t)
    {
        using var stream = new MemoryStream();
        using (var document = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var fonts = WordFonts.For(t);
            var main = document.AddMainDocumentPart();
            AddStyles(main, fonts, t);
            var numbering = main.AddNewPart<NumberingDefinitionsPart>();
            numbering.Numbering = new Numbering(ListDefinition(t, fonts));
            var footer = AddFooter(main, t);

            var body = new Body();
            var writer = new BodyWriter(body, numbering.Numbering);
            Cover(writer, m, t);
            Reports(writer, m, t);
            DirectiveSection(writer, m, t);
            body.Append(Page(fonts, main.GetIdOfPart(footer)));
            main.Document = new Document(body);
        }

        return stream.ToArray();
    }

    private static void Cover(BodyWriter w, MeetingMaterials m, Texts t)
    {
        var c = m.Cycle;
        w.Empty(4);
        w.Styled(StyleIds.Title, c.MeetingTitle.For(t.Culture));
        w.Styled(StyleIds.Subtitle, t["Word_Subtitle"]);
        w.Empty(2);
        if (c.MeetingDate is { } date)
        {
            w.Styled(StyleIds.CoverLine, t.Format("Word_CoverDate", LongDate(date, t)));
        }

        if (c.Chair is { } chair)
        {
            w.Styled(StyleIds.CoverLine, t.Format("Word_CoverChair", chair.For(t.Culture)));
        }

        w.Styled(StyleIds.CoverLine, t.Format("Word_CoverCycle", t.Format("Cycle_Name", c.ReportingYear, c.PlanYear)));
        w.Styled(StyleIds.CoverLine, t.Format("Word_CoverProgress", m.Submitted.Count(), m.Units.Count));
        w.Styled(StyleIds.CoverLine, t.Format("Word_CoverExported", LocalTime(m, m.At)));
    }

    private static void Reports(BodyWriter w, MeetingMaterials m, Texts t)
    {
        var c = m.Cycle;
        w.Styled(StyleIds.Heading1, t.Format("Word_SectionReports", Section(1, t), c.ReportingYear, c.PlanYear));
        var missing = m.NotSubmitted.Select(u => u.Unit.ShortName.For(t.Culture)).ToList();
        w.Body(t.Format("Word_ReportsSummary", m.Units.Count, m.Units.Count - missing.Count, missing.Count));
        if (missing.Count > 0)
        {
            w.Body(t.Format("Word_NotSubmittedList", t.List(missing)));
        }

        for (var i = 0; i < m.Units.Count; i++)
        {
            var (unit, report, revisions) = (m.Units[i].Unit, m.Units[i].Report, m.Units[i].Revisions);
            w.Styled(StyleIds.Heading2, t.Format("Word_UnitHeading", Subsection(i + 1, t), unit.ShortName.For(t.Culture), unit.FullName.For(t.Culture)));
            if (report.Latest is not { } latest)
            {
                w.Body(t[report.Draft is null ? "Word_NotSubmitted" : "Word_NotSubmittedDraft"]);
                continue;
            }

            var part = 0;
            w.Styled(StyleIds.Heading3, t.Format("Word_Level3", ++part, t.Format("Word_Achievements", c.ReportingYear)));
            w.NumberedList(latest.Content.Achievements);
            w.Styled(StyleIds.Heading3, t.Format("Word_Level3", ++part, t.Format("Word_Priorities", c.PlanYear)));
            w.NumberedList(latest.Content.Priorities);
            if (latest.Content.Remark is { } remark)
            {
                w.Styled(StyleIds.Heading3, t.Format("Word_Level3", ++part, t["Word_Remark"]));
                foreach (var line in remark.Split('\n'))
                {
                    w.Body(line);
                }
            }

            w.Styled(StyleIds.Heading3, t.Format("Word_Level3", ++part, t["Word_Submissions"]));
            foreach (var revision in revisions)
            {
                w.Body(t.Format("Word_RevisionLine", revision.Number, revision.SubmittedByName, LocalTime(m, revision.SubmittedAt)));
            }
        }
    }

    private static void DirectiveSection(BodyWriter w, MeetingMaterials m, Texts t)
    {
        w.Styled(StyleIds.Heading1, t.Format("Word_SectionDirectives", Section(2, t), m.Cycle.PlanYear));
        if (m.Directives.Count == 0)
        {
            w.Body(t["Word_NoDirectives"]);
            return;
        }

        foreach (var d in m.Directives)
        {
            w.Body(t.Format("Word_DirectiveLine", d.Definition.Number, d.Definition.Text.For(t.Culture), LongDate(d.Definition.DueDate, t)));
        }

        w.Styled(StyleIds.Caption, t["Word_MatrixCaption"]);
        var header = new List<string> { t["Word_ColumnUnit"] };
        header.AddRange(m.Directives.Select(d => t.Format("Word_DirectiveShort", d.Definition.Number)));
        var rows = m.Units.Select(u => (IReadOnlyList<string>)[
            u.Unit.ShortName.For(t.Culture),
            .. m.Directives.Select(d => d.IsOwner(u.Unit.Id) ? StatusText(d, d.For(u.Unit.Id), t) : t["Word_NotOwner"]),
        ]).ToList();
        w.Table(header, rows, firstColumnShare: m.Directives.Count > 6 ? 0.2 : 0.28);

        for (var i = 0; i < m.Directives.Count; i++)
        {
            var d = m.Directives[i];
            w.Styled(StyleIds.Heading2, t.Format("Word_DirectiveHeading", Subsection(i + 1, t), d.Definition.Number));
            w.Body(d.Definition.Text.For(t.Culture));
            var noteRows = d.Cells(m.Committee).Select(cell =>
            {
                var unit = m.Committee.FindAnyUnit(cell.Progress.UnitId)?.ShortName.For(t.Culture) ?? cell.Progress.UnitId;
                var note = cell.Progress.Note ?? string.Empty;
                if (cell.Progress.Status == DirectiveStatus.Blocked && cell.Progress.Needs is { } needs)
                {
                    note = t.Format("Word_NoteWithNeeds", note, needs);
                }

                var updated = cell.Progress.ChangedAt is { } at ? t.Format("Word_UpdatedBy", cell.Progress.ChangedByName, LocalTime(m, at)) : string.Empty;
                return (IReadOnlyList<string>)[cell.Owned ? unit : t.Format("Word_FormerOwner", unit), StatusText(d, cell.Progress, t), note, updated];
            }).ToList();
            w.Table([t["Word_ColumnUnit"], t["Word_ColumnStatus"], t["Word_ColumnNote"], t["Word_ColumnUpdated"]], noteRows, firstColumnShare: 0.18, widths: [0.18, 0.14, 0.46, 0.22]);
        }
    }

    /// <summary>The status as a reader sees it; overdue only counts for units that still own the directive.</summary>
    public static string StatusText(DirectiveState d, UnitProgress progress, Texts t)
    {
        var status = t["Status_" + progress.Status];
        return d.IsOwner(progress.UnitId) && d.IsOverdue(progress) ? t.Format("Word_Overdue", status) : status;
    }

    private static string Section(int n, Texts t) => t.IsChinese ? ChineseNumerals.Of(n) : n.ToString(CultureInfo.InvariantCulture);

    private static string Subsection(int n, Texts t) => t.IsChinese ? ChineseNumerals.Of(n) : n.ToString(CultureInfo.InvariantCulture);

    private static string LongDate(DateOnly date, Texts t) => string.Format(t.Culture, t["Word_LongDate"], date.ToDateTime(TimeOnly.MinValue));

    private static string LocalTime(MeetingMaterials m, DateTimeOffset at) =>
        m.Local(at).ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture);

    private static SectionProperties Page(WordFonts fonts, string footerId) => new(
        new FooterReference { Type = HeaderFooterValues.Default, Id = footerId },
        new PageSize { Width = 11906U, Height = 16838U },
        new PageMargin { Top = fonts.Margins.Top, Bottom = fonts.Margins.Bottom, Left = fonts.Margins.Left, Right = fonts.Margins.Right, Header = 851U, Footer = 992U, Gutter = 0U },
        // The cover carries no page number.
        new TitlePage());

    private static FooterPart AddFooter(MainDocumentPart main, Texts t)
    {
        var part = main.AddNewPart<FooterPart>();
        var pattern = t["Word_PageNumber"].Split("{0}");
        var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = StyleIds.Footer }));
        paragraph.Append(new Run(new Text(pattern[0]) { Space = SpaceProcessingModeValues.Preserve }));
        paragraph.Append(new SimpleField(new Run(new Text("1"))) { Instruction = " PAGE " });
        paragraph.Append(new Run(new Text(pattern.Length > 1 ? pattern[1] : string.Empty) { Space = SpaceProcessingModeValues.Preserve }));
        part.Footer = new Footer(paragraph);
        return part;
    }

    private static AbstractNum ListDefinition(Texts t, WordFonts fonts)
    {
        var level = new Level(
            new StartNumberingValue { Val = 1 },
            new NumberingFormat { Val = NumberFormatValues.Decimal },
            new LevelSuffix { Val = t.IsChinese ? LevelSuffixValues.Nothing : LevelSuffixValues.Tab },
            new LevelText { Val = t["Word_ListNumber"] },
            new LevelJustification { Val = LevelJustificationValues.Left },
            new PreviousParagraphProperties(fonts.ListIndentation()))
        { LevelIndex = 0 };
        return new AbstractNum(new MultiLevelType { Val = MultiLevelValues.SingleLevel }, level) { AbstractNumberId = int.Parse(AbstractListId, CultureInfo.InvariantCulture) };
    }

    private static void AddStyles(MainDocumentPart main, WordFonts f, Texts t)
    {
        var part = main.AddNewPart<StyleDefinitionsPart>();
        var language = new Languages { Val = t.Culture.Name, EastAsia = "zh-CN", Bidi = "ar-SA" };
        var defaults = new DocDefaults(
            new RunPropertiesDefault(new RunPropertiesBaseStyle(
                Fonts(f.Latin, f.Body),
                new FontSize { Val = f.BodySize },
                new FontSizeComplexScript { Val = f.BodySize },
                language)),
            new ParagraphPropertiesDefault(new ParagraphPropertiesBaseStyle(f.BodySpacing())));
        part.Styles = new Styles(
            defaults,
            ParagraphStyle(StyleIds.Normal, "Normal", null, null, null, null, isDefault: true),
            ParagraphStyle(StyleIds.Title, "Title", f.HeadingLatin, f.Title, f.TitleSize, JustificationValues.Center, outline: null, spacingAfter: 240),
            ParagraphStyle(StyleIds.Subtitle, "Subtitle", f.HeadingLatin, f.Heading1, f.Heading1Size, JustificationValues.Center, outline: null, spacingAfter: 240),
            ParagraphStyle(StyleIds.CoverLine, "Cover line", f.Latin, f.Body, f.BodySize, JustificationValues.Center),
            ParagraphStyle(StyleIds.Heading1, "heading 1", f.HeadingLatin, f.Heading1, f.Heading1Size, null, outline: 0, bold: !t.IsChinese, spacingBefore: 240, newPage: true),
            ParagraphStyle(StyleIds.Heading2, "heading 2", f.HeadingLatin, f.Heading2, f.Heading2Size, null, outline: 1, bold: true, spacingBefore: 120),
            ParagraphStyle(StyleIds.Heading3, "heading 3", f.Latin, f.Body, f.BodySize, null, outline: 2, bold: true, indent: f.BodyIndentation()),
            ParagraphStyle(StyleIds.BodyText, "Body Text", f.Latin, f.Body, f.BodySize, JustificationValues.Both, indent: f.BodyIndentation()),
            ParagraphStyle(StyleIds.ListItem, "List Number", f.Latin, f.Body, f.BodySize, JustificationValues.Both),
            ParagraphStyle(StyleIds.Caption, "caption", f.HeadingLatin, f.Heading1, f.TableSize, JustificationValues.Center, bold: true, spacingBefore: 120),
            ParagraphStyle(StyleIds.TableText, "Table Text", f.Latin, f.Table, f.TableSize, null, singleSpacing: true),
            ParagraphStyle(StyleIds.Footer, "footer", f.Latin, f.Table, f.FooterSize, JustificationValues.Center, singleSpacing: true));
    }

    private static Style ParagraphStyle(
        string id, string name, string? latin, string? eastAsia, string? size, JustificationValues? justification,
        int? outline = null, bool bold = false, int spacingBefore = 0, int spacingAfter = 0, bool singleSpacing = false,
        Indentation? indent = null, bool isDefault = false, bool newPage = false)
    {
        var paragraph = new StyleParagraphProperties();
        if (outline is not null || spacingBefore > 0 || spacingAfter > 0)
        {
            paragraph.KeepNext = new KeepNext();
        }

        if (newPage)
        {
            // Each main section, the first one after the cover too, starts on a page of its own.
            paragraph.PageBreakBefore = new PageBreakBefore();
        }

        if (singleSpacing || spacingBefore > 0 || spacingAfter > 0)
        {
            paragraph.SpacingBetweenLines = singleSpacing
                ? new SpacingBetweenLines { Before = "0", After = "0", Line = "240", LineRule = LineSpacingRuleValues.Auto }
                : new SpacingBetweenLines { Before = spacingBefore.ToString(CultureInfo.InvariantCulture), After = spacingAfter.ToString(CultureInfo.InvariantCulture) };
        }

        if (indent is not null)
        {
            paragraph.Indentation = indent;
        }

        if (justification is { } j)
        {
            paragraph.Justification = new Justification { Val = j };
        }

        if (outline is { } level)
        {
            paragraph.OutlineLevel = new OutlineLevel { Val = level };
        }

        var run = new StyleRunProperties();
        if (latin is not null && eastAsia is not null)
        {
            run.RunFonts = Fonts(latin, eastAsia);
        }

        if (bold)
        {
            run.Bold = new Bold();
        }

        if (size is not null)
        {
            run.FontSize = new FontSize { Val = size };
            run.FontSizeComplexScript = new FontSizeComplexScript { Val = size };
        }

        var style = new Style(new StyleName { Val = name }) { Type = StyleValues.Paragraph, StyleId = id, Default = isDefault ? true : null };
        if (id != StyleIds.Normal)
        {
            style.BasedOn = new BasedOn { Val = StyleIds.Normal };
            style.PrimaryStyle = new PrimaryStyle();
        }

        style.StyleParagraphProperties = paragraph;
        style.StyleRunProperties = run;
        return style;
    }

    /// <summary>The East Asian font is what Chinese characters are drawn in; Latin text keeps a Latin font.</summary>
    private static RunFonts Fonts(string latin, string eastAsia) =>
        new() { Ascii = latin, HighAnsi = latin, ComplexScript = latin, EastAsia = eastAsia, Hint = FontTypeHintValues.EastAsia };

    private static class StyleIds
    {
        public const string Normal = "Normal";
        public const string Title = "Title";
        public const string Subtitle = "Subtitle";
        public const string CoverLine = "CoverLine";
        public const string Heading1 = "Heading1";
        public const string Heading2 = "Heading2";
        public const string Heading3 = "Heading3";
        public const string BodyText = "BodyText";
        public const string ListItem = "ListNumber";
        public const string Caption = "Caption";
        public const string TableText = "TableText";
        public const string Footer = "Footer";
    }

    /// <summary>Appends paragraphs, lists and tables to the body; each numbered list restarts at 1.</summary>
    private sealed class BodyWriter(Body body, Numbering numbering)
    {
        private int nextListId = 1;

        public void Styled(string style, string text) => body.Append(Paragraph(style, text));

        public void Body(string text) => body.Append(Paragraph(StyleIds.BodyText, text));

        public void Empty(int count)
        {
            for (var i = 0; i < count; i++)
            {
                body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = StyleIds.CoverLine })));
            }
        }

        public void NumberedList(IEnumerable<string> items)
        {
            var id = nextListId++;
            numbering.Append(new NumberingInstance(
                new AbstractNumId { Val = int.Parse(AbstractListId, CultureInfo.InvariantCulture) },
                new LevelOverride(new StartOverrideNumberingValue { Val = 1 }) { LevelIndex = 0 })
            { NumberID = id });
            foreach (var item in items)
            {
                var paragraph = Paragraph(StyleIds.ListItem, item);
                paragraph.ParagraphProperties!.NumberingProperties = new NumberingProperties(
                    new NumberingLevelReference { Val = 0 }, new NumberingId { Val = id });
                body.Append(paragraph);
            }
        }

        /// <param name="widths">Shares of the page width per column; by default the first column gets <paramref name="firstColumnShare"/> and the rest share equally.</param>
        public void Table(IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, double firstColumnShare, IReadOnlyList<double>? widths = null)
        {
            const int full = 5000; // fiftieths of a percent: the whole text width
            var shares = widths ?? [firstColumnShare, .. Enumerable.Repeat((1 - firstColumnShare) / Math.Max(1, header.Count - 1), header.Count - 1)];
            var columns = shares.Select(s => (int)Math.Round(s * full)).ToList();
            var border = new Func<BorderType>[]
            {
                () => new TopBorder(), () => new LeftBorder(), () => new BottomBorder(), () => new RightBorder(),
                () => new InsideHorizontalBorder(), () => new InsideVerticalBorder(),
            };
            var table = new Table(new TableProperties(
                new TableWidth { Type = TableWidthUnitValues.Pct, Width = full.ToString(CultureInfo.InvariantCulture) },
                new TableBorders(border.Select(b =>
                {
                    var line = b();
                    line.Val = BorderValues.Single;
                    line.Size = 4U;
                    line.Space = 0U;
                    line.Color = "auto";
                    return (OpenXmlElement)line;
                })),
                new TableLayout { Type = TableLayoutValues.Fixed }));
            table.Append(new TableGrid(columns.Select(c => new GridColumn { Width = (c * 9000 / full).ToString(CultureInfo.InvariantCulture) })));
            table.Append(Row(header, columns, isHeader: true));
            foreach (var row in rows)
            {
                table.Append(Row(row, columns, isHeader: false));
            }

            body.Append(table);

            // Word needs a paragraph between a table and what follows.
            body.Append(new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = StyleIds.TableText })));
        }

        private TableRow Row(IReadOnlyList<string> cells, IReadOnlyList<int> columns, bool isHeader)
        {
            var properties = new TableRowProperties(new CantSplit());
            if (isHeader)
            {
                // Repeated at the top of every page the table runs onto.
                properties.Append(new TableHeader());
            }

            var row = new TableRow(properties);
            for (var i = 0; i < cells.Count; i++)
            {
                var cellProperties = new TableCellProperties(new TableCellWidth { Type = TableWidthUnitValues.Pct, Width = columns[i].ToString(CultureInfo.InvariantCulture) });
                if (isHeader)
                {
                    cellProperties.Append(new Shading { Val = ShadingPatternValues.Clear, Color = "auto", Fill = "D9D9D9" });
                }

                var paragraph = Paragraph(StyleIds.TableText, cells[i]);
                if (isHeader)
                {
                    foreach (var run in paragraph.Elements<Run>())
                    {
                        run.RunProperties = new RunProperties(new Bold());
                    }
                }

                row.Append(new TableCell(cellProperties, paragraph));
            }

            return row;
        }

        /// <summary>Text as typed: each line break stays a line break, spaces are kept.</summary>
        private Paragraph Paragraph(string style, string text)
        {
            var paragraph = new Paragraph(new ParagraphProperties(new ParagraphStyleId { Val = style }));
            var run = new Run();
            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                if (i > 0)
                {
                    run.Append(new Break());
                }

                run.Append(new Text(Clean(lines[i])) { Space = SpaceProcessingModeValues.Preserve });
            }

            paragraph.Append(run);
            return paragraph;
        }

        /// <summary>XML cannot carry control characters; everything else, astral characters too, passes unchanged.</summary>
        private static string Clean(string text) =>
            text.Any(c => char.IsControl(c) && c is not '\t') ? new string(text.Where(c => !char.IsControl(c) || c == '\t').ToArray()) : text;
    }
}

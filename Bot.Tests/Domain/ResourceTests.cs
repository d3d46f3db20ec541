using System.Globalization;
using System.Resources;
using System.Text.RegularExpressions;
using CooperationBot.Localization;
using CooperationBot.Tests.Infrastructure;

namespace CooperationBot.Tests.Domain;

public sealed partial class ResourceTests
{
    private static readonly CultureInfo Chinese = CultureInfo.GetCultureInfo("zh-CN");
    private static readonly CultureInfo English = CultureInfo.GetCultureInfo("en-US");

    private static Dictionary<string, string> Read(CultureInfo culture)
    {
        var manager = new ResourceManager("CooperationBot.Localization.Strings", typeof(Texts).Assembly);
        var set = manager.GetResourceSet(culture, createIfNotExists: true, tryParents: false)!;
        return set.Cast<System.Collections.DictionaryEntry>().ToDictionary(e => (string)e.Key, e => (string)e.Value!);
    }

    [Fact]
    public void Every_text_exists_in_chinese_and_english_with_the_same_placeholders()
    {
        var english = Read(CultureInfo.InvariantCulture);
        var chinese = Read(Chinese);

        Assert.Equal(english.Keys.Order(), chinese.Keys.Order());
        foreach (var (key, value) in english)
        {
            Assert.True(Placeholders(value).SetEquals(Placeholders(chinese[key])), $"'{key}' has different placeholders in zh-CN");
            var hasWords = value.Any(char.IsLetter);
            Assert.True(!hasWords || chinese[key].Any(c => c is >= '\u4e00' and <= '\u9fff'), $"'{key}' is not translated into Chinese");
        }
    }

    [Fact]
    public void Every_text_key_used_in_the_code_exists()
    {
        var known = Read(CultureInfo.InvariantCulture).Keys.ToHashSet();
        var source = Directory.EnumerateFiles(RepoPaths.Combine("Bot"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText);
        var used = source.SelectMany(s => KeyUse().Matches(s).Select(m => m.Groups[1].Value)).ToHashSet();

        Assert.NotEmpty(used);
        Assert.Equal([], used.Where(k => !known.Contains(k)).Order());
    }

    [Fact]
    public void The_client_locale_picks_the_language_and_anything_else_falls_back_to_the_committee()
    {
        Assert.Equal("zh-CN", Texts.For("zh-TW", English).Culture.Name);
        Assert.Equal("en-US", Texts.For("en-GB", Chinese).Culture.Name);
        Assert.Equal("zh-CN", Texts.For("fr-FR", Chinese).Culture.Name);
        Assert.Equal("en-US", Texts.For(null, English).Culture.Name);
    }

    private static HashSet<string> Placeholders(string text) => PlaceholderPattern().Matches(text).Select(m => m.Value).ToHashSet();

    [GeneratedRegex(@"\{\d+\}")]
    private static partial Regex PlaceholderPattern();

    [GeneratedRegex(@"(?:t|texts|Texts|user\.Texts)(?:\[|\.Format\()""([A-Z][A-Za-z]+_[A-Za-z_]*[A-Za-z])""")]
    private static partial Regex KeyUse();
}

using System.Globalization;
using System.Resources;

namespace CooperationBot.Localization;

/// <summary>User-facing text in one language, read from Strings.resx and its zh-CN satellite.</summary>
public sealed class Texts(CultureInfo culture)
{
    private static readonly ResourceManager Resources = new("CooperationBot.Localization.Strings", typeof(Texts).Assembly);

    public CultureInfo Culture => culture;

    public bool IsChinese => culture.TwoLetterISOLanguageName == "zh";

    public string this[string key] =>
        Resources.GetString(key, culture) ?? throw new KeyNotFoundException($"No text resource named '{key}'.");

    public string Format(string key, params object?[] args) => string.Format(culture, this[key], args);

    /// <summary>Joins names the way each language lists them (、 in Chinese).</summary>
    public string List(IEnumerable<string> items) => string.Join(IsChinese ? "、" : ", ", items);

    /// <summary>
    /// The language to answer in: the Teams client's locale when we speak it, else the committee's.
    /// </summary>
    public static Texts For(string? activityLocale, CultureInfo committeeDefault)
    {
        if (!string.IsNullOrWhiteSpace(activityLocale))
        {
            var language = activityLocale.Split('-', '_')[0].ToLowerInvariant();
            if (language == "zh")
            {
                return new Texts(CultureInfo.GetCultureInfo("zh-CN"));
            }

            if (language == "en")
            {
                return new Texts(CultureInfo.GetCultureInfo("en-US"));
            }
        }

        return new Texts(committeeDefault);
    }
}

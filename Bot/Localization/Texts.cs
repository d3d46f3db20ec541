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
    /// The language to answer in: the configured one when set; else the language the user just used
    /// (Chinese typed, or the language of the card they clicked); else the Teams client's locale when
    /// we speak it; else the committee's.
    /// </summary>
    public static Texts For(string? activityLocale, CultureInfo committeeDefault, CultureInfo? configured = null, CultureInfo? spoken = null)
    {
        if ((configured ?? spoken) is { } chosen)
        {
            return new Texts(chosen);
        }

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

/// <summary>Recognises the language a user used, from what they typed or the card they clicked.</summary>
public static class SpokenLanguage
{
    public static CultureInfo? OfText(string? text) =>
        text is not null && text.Any(c => c is >= '\u4e00' and <= '\u9fff') ? CultureInfo.GetCultureInfo("zh-CN") : null;

    public static CultureInfo? OfCard(string? lang) => lang is "zh-CN" or "en-US" ? CultureInfo.GetCultureInfo(lang) : null;
}

/// <summary>`Localization:Language`: "auto" (default) follows each user's Teams client; zh-CN or en-US fixes the language.</summary>
public sealed class LanguageOptions
{
    public const string Section = "Localization";

    public string Language { get; set; } = "auto";

    public CultureInfo? Fixed => Language switch
    {
        "zh-CN" or "en-US" => CultureInfo.GetCultureInfo(Language),
        "auto" or "" => null,
        _ => throw new InvalidOperationException($"Localization:Language '{Language}' is not supported (auto, zh-CN or en-US)."),
    };
}

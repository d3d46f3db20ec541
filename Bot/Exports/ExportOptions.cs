namespace CooperationBot.Exports;

/// <summary>`Exports:*`: where download links point, how they are signed and how long they live.</summary>
public sealed class ExportOptions
{
    public const string Section = "Exports";

    /// <summary>
    /// The bot's public address, which download links start with (e.g. https://app-coop.azurewebsites.net).
    /// Empty: App Service's WEBSITE_HOSTNAME, else the loopback address of a local run.
    /// </summary>
    public string PublicBaseUrl { get; set; } = string.Empty;

    /// <summary>Base64 HMAC key of at least 32 bytes. Empty: one is generated once and kept in the store.</summary>
    public string SigningKey { get; set; } = string.Empty;

    /// <summary>How long a download link works after it is issued.</summary>
    public TimeSpan LinkLifetime { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>How long generated files are kept; older ones are removed when the next export is made.</summary>
    public TimeSpan Retention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>
    /// Longest wait for saving an export into the meeting channel's Files (Graph on): the organiser is
    /// waiting for the card, which Teams shows only if the answer comes soon.
    /// </summary>
    public TimeSpan ChannelSaveTimeout { get; set; } = TimeSpan.FromSeconds(10);

    public const int MinimumKeyBytes = 32;

    /// <summary>What is wrong with the settings, in words naming the setting; empty when they are fine.</summary>
    public IReadOnlyList<string> Problems()
    {
        var problems = new List<string>();
        if (!Uri.TryCreate(PublicBaseUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"Exports:PublicBaseUrl: '{PublicBaseUrl}' is not an http(s) address; set the bot's public address, e.g. https://app-coop.azurewebsites.net");
        }

        if (SigningKey.Length > 0 && DecodeKey(SigningKey) is null)
        {
            problems.Add($"Exports:SigningKey: must be base64 of at least {MinimumKeyBytes} random bytes");
        }

        if (LinkLifetime < TimeSpan.FromMinutes(1) || LinkLifetime > TimeSpan.FromHours(1))
        {
            problems.Add("Exports:LinkLifetime: must be between 00:01:00 and 01:00:00");
        }

        if (Retention < LinkLifetime)
        {
            problems.Add("Exports:Retention: must be at least Exports:LinkLifetime");
        }

        if (ChannelSaveTimeout < TimeSpan.FromSeconds(1) || ChannelSaveTimeout > TimeSpan.FromMinutes(1))
        {
            problems.Add("Exports:ChannelSaveTimeout: must be between 00:00:01 and 00:01:00");
        }

        return problems;
    }

    public static byte[]? DecodeKey(string base64)
    {
        var buffer = new byte[base64.Length];
        return Convert.TryFromBase64String(base64.Trim(), buffer, out var written) && written >= MinimumKeyBytes ? buffer[..written] : null;
    }
}

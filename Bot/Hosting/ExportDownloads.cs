using System.Globalization;
using System.Net;
using CooperationBot.Exports;
using CooperationBot.Localization;
using Microsoft.Extensions.Options;

namespace CooperationBot.Hosting;

/// <summary>
/// GET /exports/{exportId}/{docx|xlsx}?expires=…&amp;sig=…: serves a generated file to whoever holds a valid
/// signed link, and a clear page (in Chinese and English) to everyone else. The signature is checked
/// before anything is read, so a guessed link learns nothing about which exports exist.
/// </summary>
internal static partial class ExportDownloads
{
    public static void MapExportDownloads(this IEndpointRouteBuilder app) =>
        app.MapGet(DownloadLinks.PathPrefix + "/{exportId}/{file}", DownloadAsync);

    private static async Task<IResult> DownloadAsync(
        string exportId, string file, string? expires, string? sig, HttpResponse response, DownloadLinks links, ExportService exports, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        response.Headers.CacheControl = "no-store";
        response.Headers["X-Content-Type-Options"] = "nosniff";
        response.Headers["Referrer-Policy"] = "no-referrer";
        var logger = loggers.CreateLogger(typeof(ExportDownloads));
        switch (await links.CheckAsync(exportId, file, expires, sig, cancellationToken).ConfigureAwait(false))
        {
            case LinkCheck.Refused:
                LogRefused(logger, exportId, file);
                return Page(HttpStatusCode.Forbidden, "Download_RefusedTitle", "Download_RefusedBody");
            case LinkCheck.Expired:
                return Page(HttpStatusCode.Gone, "Download_ExpiredTitle", "Download_ExpiredBody");
        }

        var exported = await exports.GetFileAsync(exportId, DownloadLinks.ParseFile(file)!.Value, cancellationToken).ConfigureAwait(false);
        return exported is null
            ? Page(HttpStatusCode.NotFound, "Download_GoneTitle", "Download_GoneBody")
            : Results.File(exported.Content, exported.ContentType, exported.FileName);
    }

    /// <summary>The page names the problem in both of the committee's languages: the link alone does not say which the reader uses.</summary>
    private static IResult Page(HttpStatusCode status, string titleKey, string bodyKey)
    {
        var languages = new[] { new Texts(CultureInfo.GetCultureInfo("zh-CN")), new Texts(CultureInfo.GetCultureInfo("en-US")) };
        var sections = string.Concat(languages.Select(t =>
            $"<section lang=\"{t.Culture.Name}\"><h1>{WebUtility.HtmlEncode(t[titleKey])}</h1><p>{WebUtility.HtmlEncode(t[bodyKey])}</p></section>"));
        var title = WebUtility.HtmlEncode(string.Join(" / ", languages.Select(t => t[titleKey])));
        var html = $"<!DOCTYPE html><html lang=\"zh-CN\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\"><title>{title}</title>"
            + "<style>body{font-family:sans-serif;max-width:40em;margin:3em auto;padding:0 1em;color:#222}section{margin-bottom:2em}</style></head>"
            + $"<body>{sections}</body></html>";
        return Results.Content(html, "text/html; charset=utf-8", statusCode: (int)status);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a download of {ExportId}/{File}: the link is not signed for it")]
    private static partial void LogRefused(ILogger logger, string exportId, string file);
}

/// <summary>Checks `Exports:*` at start-up and fills in the public address when it can be known.</summary>
internal sealed class ExportOptionsSetup(IConfiguration configuration) : IPostConfigureOptions<ExportOptions>, IValidateOptions<ExportOptions>
{
    public void PostConfigure(string? name, ExportOptions options)
    {
        if (!string.IsNullOrWhiteSpace(options.PublicBaseUrl))
        {
            return;
        }

        // App Service tells every app its host name; a local run is reached at its own loopback address
        // (also with an app id, e.g. against a test token issuer). Anything else must say where it is.
        var local = (configuration["urls"] ?? (LocalHosting.IsAnonymous(configuration) ? LocalHosting.DefaultUrl : string.Empty)).Split(';', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
        if (configuration["WEBSITE_HOSTNAME"] is { Length: > 0 } host)
        {
            options.PublicBaseUrl = "https://" + host;
        }
        else if (local is not null && (LocalHosting.IsAnonymous(configuration) || LocalHosting.IsLoopback(local)))
        {
            options.PublicBaseUrl = local;
        }
    }

    public ValidateOptionsResult Validate(string? name, ExportOptions options) =>
        options.Problems() is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}

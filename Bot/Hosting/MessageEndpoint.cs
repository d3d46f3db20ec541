using System.Globalization;
using System.Text;
using System.Text.Json;
using CooperationBot.Committees;
using CooperationBot.Localization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Bot.Builder;
using Microsoft.Bot.Builder.Integration.AspNet.Core;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Extensions.Options;

namespace CooperationBot.Hosting;

/// <summary>
/// POST /api/messages, in front of Bot Builder. In this order, and nothing of a refused request reaches
/// the bot or the store: the token is checked from the header before the body is read (401); the body
/// is read up to <see cref="MaxBodyBytes"/> (413); the activity must have the shape Teams sends (400);
/// then the full Bot Framework check with the activity (serviceUrl claim, channel) runs (401) and the
/// turn is run once.
/// </summary>
internal sealed partial class MessageEndpoint(
    BotFrameworkAuthentication authentication,
    BotAdapter adapter,
    ICommitteeSource committees,
    IOptions<LanguageOptions> language,
    IConfiguration configuration,
    ILogger<MessageEndpoint> logger)
{
    /// <summary>
    /// Far above any real Teams activity (Teams caps a message near 28 KB of text; card actions carry
    /// less), and small enough that no request can take much memory.
    /// </summary>
    public const int MaxBodyBytes = 512 * 1024;

    private readonly bool anonymous = LocalHosting.IsAnonymous(configuration);

    public async Task HandleAsync(HttpContext context, IBot bot)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;

        // Kestrel then never reads (or drains) more than the limit of a request, answered or not.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit)
        {
            limit.MaxRequestBodySize = MaxBodyBytes;
        }

        var authorization = request.Headers.Authorization.ToString();
        if (!await IsTokenAcceptableAsync(authorization, cancellationToken).ConfigureAwait(false))
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var body = request.ContentLength > MaxBodyBytes ? null : await ReadBodyAsync(request, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            await RefuseAsync(context, StatusCodes.Status413PayloadTooLarge, $"the body is larger than {MaxBodyBytes} bytes").ConfigureAwait(false);
            return;
        }

        var (activity, problem, cardAction) = Parse(body);
        if (activity is null)
        {
            await RefuseAsync(context, StatusCodes.Status400BadRequest, problem!, cardAction).ConfigureAwait(false);
            return;
        }

        AuthenticateRequestResult authenticated;
        try
        {
            authenticated = await authentication.AuthenticateRequestAsync(activity, authorization, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogTokenRefused(Reason(ex));
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return;
        }

        var invokeResponse = await adapter.ProcessAuthenticatedAsync(authenticated, activity, bot.OnTurnAsync, cancellationToken).ConfigureAwait(false);
        await HttpHelper.WriteResponseAsync(context.Response, invokeResponse).ConfigureAwait(false);
    }

    /// <summary>
    /// The token alone, before the body: signature, issuer, audience and lifetime. The channel is taken
    /// as Teams (Bot Framework's keys are endorsed for it); the activity's own channel and serviceUrl
    /// are checked once it is read.
    /// </summary>
    private async Task<bool> IsTokenAcceptableAsync(string authorization, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(authorization))
        {
            if (!anonymous)
            {
                LogTokenRefused("no Authorization header");
            }

            return anonymous;
        }

        try
        {
            await authentication.AuthenticateStreamingRequestAsync(authorization, Channels.Msteams, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Any failure, a metadata fetch that timed out included, refuses: authentication fails closed.
            LogTokenRefused(Reason(ex));
            return false;
        }
    }

    /// <summary>The body, or null once it is longer than the limit (nothing more is read).</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
            {
                if (buffer.Length + read > MaxBodyBytes)
                {
                    return null;
                }

                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }

        return buffer.ToArray();
    }

    private static (Activity? Activity, string? Problem, CardActionLanguage? CardAction) Parse(byte[] body)
    {
        CardActionLanguage? cardAction = null;
        try
        {
            using (var document = JsonDocument.Parse(body))
            {
                cardAction = CardActionLanguage.Of(document.RootElement);
                if (ActivityEnvelope.Problem(document.RootElement) is { } problem)
                {
                    return (null, problem, cardAction);
                }
            }

            using var reader = new Newtonsoft.Json.JsonTextReader(new StreamReader(new MemoryStream(body), Encoding.UTF8));
            var activity = HttpHelper.BotMessageSerializer.Deserialize<Activity>(reader);
            return activity is null ? (null, "the body is not an activity", null) : (activity, null, null);
        }
        catch (JsonException)
        {
            return (null, "the body is not valid JSON", null);
        }
        catch (Newtonsoft.Json.JsonException)
        {
            // A field Bot Framework types strictly (a timestamp, a list of entities) has the wrong kind of value.
            return (null, "the activity does not match the Bot Framework schema", cardAction);
        }
    }

    /// <summary>
    /// A refused card action is answered as Teams expects for Action.Execute (an error response with
    /// a polite message in the user's language, as the handler answers unreadable card data);
    /// anything else gets a plain JSON error naming the field.
    /// </summary>
    private async Task RefuseAsync(HttpContext context, int status, string problem, CardActionLanguage? cardAction = null)
    {
        LogRefused(status, problem);
        context.Response.StatusCode = status;
        if (cardAction is not null)
        {
            var message = (await TextsAsync(cardAction).ConfigureAwait(false))["Card_Unreadable"];
            await context.Response.WriteAsJsonAsync(new { statusCode = status, type = "application/vnd.microsoft.error", value = new { code = "BadRequest", message } }).ConfigureAwait(false);
            return;
        }

        await context.Response.WriteAsJsonAsync(new { error = new { code = status == StatusCodes.Status400BadRequest ? "BadRequest" : "PayloadTooLarge", message = problem } }).ConfigureAwait(false);
    }

    private async Task<Texts> TextsAsync(CardActionLanguage card)
    {
        var fallback = CultureInfo.GetCultureInfo("zh-CN");
        try
        {
            fallback = (await committees.GetAsync(CancellationToken.None).ConfigureAwait(false)).DefaultLanguage;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The refusal still goes out, in Chinese (the language users read first).
        }

        return Texts.For(card.Locale, fallback, language.Value.Fixed, SpokenLanguage.OfCard(card.Lang));
    }

    /// <summary>What a card action says about its user's language: the client locale and the language stamped into the card.</summary>
    private sealed record CardActionLanguage(string? Locale, string? Lang)
    {
        public static CardActionLanguage? Of(JsonElement activity) =>
            activity.ValueKind == JsonValueKind.Object && Text(activity, "type") == "invoke" && Text(activity, "name") == "adaptiveCard/action"
                ? new(Text(activity, "locale"), StampedLanguage(activity))
                : null;

        private static string? StampedLanguage(JsonElement activity) =>
            activity.TryGetProperty("value", out var value) && value.ValueKind == JsonValueKind.Object &&
            value.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object &&
            action.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                ? Text(data, "lang")
                : null;

        private static string? Text(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
    }

    /// <summary>A one-line reason for the log: no stack trace, no token.</summary>
    private static string Reason(Exception ex) => ex switch
    {
        UnauthorizedAccessException => ex.Message,
        InvalidOperationException or HttpRequestException or IOException or TaskCanceledException =>
            $"the signing keys could not be fetched from the OpenID metadata ({ex.GetType().Name}); requests are refused until they can",
        ArgumentException => "the token is not a well-formed JWT",
        _ => $"{ex.GetType().Name}: {FirstLine(ex.Message)}",
    };

    private static string FirstLine(string text)
    {
        var line = text.Split('\n', 2)[0].Trim();
        return line.Length > 200 ? line[..200] : line;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a request to /api/messages with 401: {Reason}")]
    private partial void LogTokenRefused(string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Refused a request to /api/messages with {Status}: {Problem}")]
    private partial void LogRefused(int status, string problem);
}

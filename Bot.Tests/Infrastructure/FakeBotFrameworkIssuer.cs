using System.IdentityModel.Tokens.Jwt;
using System.Net;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>
/// A loopback stand-in for the Bot Framework token service: the OpenID configuration and signing key
/// set the bot reads to check tokens, and real RS256 tokens signed with that key. Bot Framework only
/// fetches metadata over HTTPS, so it is served with a self-signed certificate for 127.0.0.1 that the
/// bot process trusts through SSL_CERT_FILE (see <see cref="BotEnvironment"/>).
/// </summary>
public sealed class FakeBotFrameworkIssuer : IAsyncDisposable
{
    /// <summary>The issuer Bot Framework channel tokens carry (and the bot's default setting).</summary>
    public const string ChannelIssuer = "https://api.botframework.com";

    public const string KeyId = "loopback-signing-key";

    private readonly WebApplication app;
    private readonly RSA signingKey = RSA.Create(2048);

    private FakeBotFrameworkIssuer(WebApplication app, string certificateFile)
    {
        this.app = app;
        CertificateFile = certificateFile;
    }

    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The OpenID configuration document (ToBotFromChannelOpenIdMetadataUrl).</summary>
    public Uri MetadataUrl => new(BaseUrl, ".well-known/openid-configuration");

    /// <summary>PEM file of the TLS certificate, for SSL_CERT_FILE of the bot process.</summary>
    public string CertificateFile { get; }

    /// <summary>How many times the bot fetched the metadata or the keys.</summary>
    public int MetadataRequests => metadataRequests;

    private int metadataRequests;

    public static async Task<FakeBotFrameworkIssuer> StartAsync()
    {
        using var certificate = CreateCertificate();
        var certificateFile = Path.Combine(Directory.CreateTempSubdirectory("issuer-tls-").FullName, "issuer.pem");
        await File.WriteAllTextAsync(certificateFile, certificate.ExportCertificatePem());
        var serverCertificate = X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrelHttpsConfiguration();
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(serverCertificate)));
        var app = builder.Build();
        var issuer = new FakeBotFrameworkIssuer(app, certificateFile);
        app.MapGet("/.well-known/openid-configuration", () =>
        {
            Interlocked.Increment(ref issuer.metadataRequests);
            return Results.Json(new Dictionary<string, object>
            {
                ["issuer"] = ChannelIssuer,
                ["authorization_endpoint"] = new Uri(issuer.BaseUrl, "authorize").ToString(),
                ["jwks_uri"] = new Uri(issuer.BaseUrl, "keys").ToString(),
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
                ["token_endpoint_auth_methods_supported"] = new[] { "private_key_jwt" },
            });
        });
        app.MapGet("/keys", () =>
        {
            Interlocked.Increment(ref issuer.metadataRequests);
            var parameters = issuer.signingKey.ExportParameters(false);

            // Bot Framework keys say which channels they sign for ("endorsements"); the bot checks the activity's channel against them.
            return Results.Json(new
            {
                keys = new[]
                {
                    new { kty = "RSA", use = "sig", kid = KeyId, n = Base64UrlEncoder.Encode(parameters.Modulus), e = Base64UrlEncoder.Encode(parameters.Exponent), endorsements = new[] { "msteams" } },
                },
            });
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        issuer.BaseUrl = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal).TrimEnd('/') + "/");
        return issuer;
    }

    /// <summary>A token as the Bot Framework channel service sends it: for the bot's app id and the activity's serviceUrl.</summary>
    public string Token(string audience, Uri serviceUrl, string issuer = ChannelIssuer, DateTime? expires = null, RSA? signWith = null)
    {
        var expiry = expires ?? DateTime.UtcNow.AddHours(1);
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            NotBefore = expiry.AddHours(-2),
            IssuedAt = expiry.AddHours(-2),
            Expires = expiry,
            Subject = new ClaimsIdentity([new Claim("serviceurl", serviceUrl.ToString())]),
            SigningCredentials = new SigningCredentials(new RsaSecurityKey(signWith ?? signingKey) { KeyId = KeyId }, SecurityAlgorithms.RsaSha256),
        };
        return new JwtSecurityTokenHandler().CreateEncodedJwt(descriptor);
    }

    /// <summary>The same claims with "alg": "none" and no signature.</summary>
    public static string Unsigned(string audience, Uri serviceUrl)
    {
        static string Part(string json) => Base64UrlEncoder.Encode(Encoding.UTF8.GetBytes(json));
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var claims = $$"""{"iss":"{{ChannelIssuer}}","aud":"{{audience}}","serviceurl":"{{serviceUrl}}","nbf":{{now - 60}},"exp":{{now + 3600}}}""";
        return Part("""{"alg":"none","typ":"JWT"}""") + "." + Part(claims) + ".";
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
        signingKey.Dispose();
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(2));
    }
}

/// <summary>Settings that make the bot check tokens against a <see cref="FakeBotFrameworkIssuer"/> instead of Bot Framework's public endpoints.</summary>
public static class BotEnvironment
{
    /// <summary>
    /// Bot Builder takes all of these from configuration as soon as one is set (the rest are then
    /// null, not defaulted), so each is given. The outbound ones are never contacted: the tests answer
    /// invokes in the HTTP response.
    /// </summary>
    public static Dictionary<string, string> Authenticated(string appId, Uri metadataUrl, string certificateFile) => new()
    {
        ["MicrosoftAppId"] = appId,
        ["MicrosoftAppPassword"] = "not-used-by-these-tests",
        ["MicrosoftAppType"] = "MultiTenant",
        ["ToBotFromChannelOpenIdMetadataUrl"] = metadataUrl.ToString(),
        ["ToBotFromEmulatorOpenIdMetadataUrl"] = metadataUrl.ToString(),
        ["ToBotFromChannelTokenIssuer"] = FakeBotFrameworkIssuer.ChannelIssuer,
        ["ToChannelFromBotLoginUrl"] = "https://login.microsoftonline.com/botframework.com",
        ["ToChannelFromBotOAuthScope"] = "https://api.botframework.com",
        ["OAuthUrl"] = "https://api.botframework.com",
        ["CallerId"] = "urn:botframework:azure",
        ["ValidateAuthority"] = "true",

        // Trust only the issuer's self-signed certificate (OpenSSL reads these at process start).
        ["SSL_CERT_FILE"] = certificateFile,
        ["SSL_CERT_DIR"] = Path.GetDirectoryName(certificateFile)!,
    };
}

using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.Bot.Builder.Skills;
using Microsoft.Bot.Connector;
using Microsoft.Bot.Connector.Authentication;
using Microsoft.Bot.Schema;
using Microsoft.Rest;

namespace CooperationBot.Hosting;

/// <summary>
/// Bot Builder's CloudAdapter builds a new connector client and a new user-token client for every
/// turn and disposes them at its end; building them (user-agent parsing, credentials) cost more CPU
/// than the rest of a card action. This keeps one connector client per service URL and audience for
/// the life of the app (its credentials cache and renew their own tokens), and hands turns a
/// user-token client that refuses to be used, since this bot signs no one in.
/// </summary>
internal sealed class ReusedBotClients(BotFrameworkAuthentication inner) : BotFrameworkAuthentication, IDisposable
{
    // Teams uses a handful of service URLs; anything beyond this (tests' many loopback fakes) is built per turn as before.
    private const int MaxClients = 64;

    private readonly ConcurrentDictionary<(string ServiceUrl, string? Audience), Lazy<Task<ConnectorClient>>> clients = new();

    // Connections are renewed now and then so that a moved DNS name is followed, as IHttpClientFactory would.
    private readonly HttpClient http = CreateHttpClient();

    public override async Task<AuthenticateRequestResult> AuthenticateRequestAsync(Activity activity, string authHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateRequestAsync(activity, authHeader, cancellationToken).ConfigureAwait(false);
        result.ConnectorFactory = new Factory(result.ConnectorFactory, this);
        return result;
    }

    public override async Task<AuthenticateRequestResult> AuthenticateStreamingRequestAsync(string authHeader, string channelIdHeader, CancellationToken cancellationToken)
    {
        var result = await inner.AuthenticateStreamingRequestAsync(authHeader, channelIdHeader, cancellationToken).ConfigureAwait(false);
        result.ConnectorFactory = new Factory(result.ConnectorFactory, this);
        return result;
    }

    public override ConnectorFactory CreateConnectorFactory(ClaimsIdentity claimsIdentity) => new Factory(inner.CreateConnectorFactory(claimsIdentity), this);

    public override Task<UserTokenClient> CreateUserTokenClientAsync(ClaimsIdentity claimsIdentity, CancellationToken cancellationToken) =>
        Task.FromResult<UserTokenClient>(NoUserTokens.Instance);

    public override BotFrameworkClient CreateBotFrameworkClient() => inner.CreateBotFrameworkClient();

    public override string GetOriginatingAudience() => inner.GetOriginatingAudience();

    public override Task<ClaimsIdentity> AuthenticateChannelRequestAsync(string authHeader, CancellationToken cancellationToken) =>
        inner.AuthenticateChannelRequestAsync(authHeader, cancellationToken);

    public void Dispose()
    {
        foreach (var client in clients.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully))
        {
            ((SharedConnectorClient)client.Value.Result).Release();
        }

        http.Dispose();
    }

    private static HttpClient CreateHttpClient()
    {
        var client = new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        ConnectorClient.AddDefaultRequestHeaders(client);
        return client;
    }

    private async Task<IConnectorClient> ClientAsync(ConnectorFactory factory, string serviceUrl, string? audience, CancellationToken cancellationToken)
    {
        var key = (serviceUrl, audience);
        if (!clients.TryGetValue(key, out var shared))
        {
            if (clients.Count >= MaxClients)
            {
                return await factory.CreateAsync(serviceUrl, audience, cancellationToken).ConfigureAwait(false);
            }

            shared = clients.GetOrAdd(key, _ => new Lazy<Task<ConnectorClient>>(() => BuildAsync(factory, serviceUrl, audience)));
        }

        try
        {
            return await shared.Value.ConfigureAwait(false);
        }
        catch
        {
            // Credentials could not be had this time: the next turn tries afresh.
            clients.TryRemove(KeyValuePair.Create(key, shared));
            throw;
        }
    }

    /// <summary>Builds one client the way Bot Builder does and keeps its credentials, on a client that outlives the turns.</summary>
    private async Task<ConnectorClient> BuildAsync(ConnectorFactory factory, string serviceUrl, string? audience)
    {
        using var first = (ConnectorClient)await factory.CreateAsync(serviceUrl, audience, CancellationToken.None).ConfigureAwait(false);
        return new SharedConnectorClient(first.BaseUri, first.Credentials, http);
    }

    private sealed class Factory(ConnectorFactory inner, ReusedBotClients owner) : ConnectorFactory
    {
        public override Task<IConnectorClient> CreateAsync(string serviceUrl, string audience, CancellationToken cancellationToken) =>
            owner.ClientAsync(inner, serviceUrl, audience, cancellationToken);
    }

    /// <summary>A connector client that every turn to one service URL shares: the adapter's dispose at a turn's end leaves it working.</summary>
    private sealed class SharedConnectorClient(Uri baseUri, ServiceClientCredentials credentials, HttpClient http)
        : ConnectorClient(baseUri, credentials, http, disposeHttpClient: false)
    {
        private bool released;

        public void Release()
        {
            released = true;
            Dispose();
        }

        protected override void Dispose(bool disposing)
        {
            if (released)
            {
                base.Dispose(disposing);
            }
        }
    }

    /// <summary>Turns carry a user-token client; this bot never asks for a user's token, so any use is a bug to hear about.</summary>
    private sealed class NoUserTokens : UserTokenClient
    {
        public static readonly NoUserTokens Instance = new();

        public override Task<TokenResponse> GetUserTokenAsync(string userId, string connectionName, string channelId, string magicCode, CancellationToken cancellationToken) => throw Refused();

        public override Task<SignInResource> GetSignInResourceAsync(string connectionName, Activity activity, string finalRedirect, CancellationToken cancellationToken) => throw Refused();

        public override Task SignOutUserAsync(string userId, string connectionName, string channelId, CancellationToken cancellationToken) => throw Refused();

        public override Task<TokenStatus[]> GetTokenStatusAsync(string userId, string channelId, string includeFilter, CancellationToken cancellationToken) => throw Refused();

        public override Task<Dictionary<string, TokenResponse>> GetAadTokensAsync(string userId, string connectionName, string[] resourceUrls, string channelId, CancellationToken cancellationToken) => throw Refused();

        public override Task<TokenResponse> ExchangeTokenAsync(string userId, string connectionName, string channelId, TokenExchangeRequest exchangeRequest, CancellationToken cancellationToken) => throw Refused();

        private static NotSupportedException Refused() => new("CooperationBot signs no one in: there are no user tokens to get.");
    }
}

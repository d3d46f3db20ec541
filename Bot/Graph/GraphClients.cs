using Azure.Core;
using Azure.Identity;
using Microsoft.Graph;
using Microsoft.Graph.Authentication;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware.Options;

namespace CooperationBot.Graph;

/// <summary>Builds the GraphServiceClient from settings: cloud, credential, retries and timeout.</summary>
internal static class GraphClients
{
    public static GraphServiceClient Create(GraphOptions options, TokenCredential? credential = null)
    {
        // The SDK's own middleware; only its retry handler is tuned. It retries 429, 503 and 504 after the
        // Retry-After Graph sends (or its own backoff), so throttling is handled here and nowhere else.
        var handlers = GraphClientFactory.CreateDefaultHandlers()
            .Select(h => h is RetryHandler ? new RetryHandler(new RetryHandlerOption { MaxRetry = options.MaxRetries }) : h)
            .ToList();
        var http = GraphClientFactory.Create(handlers, finalHandler: new SocketsHttpHandler());
        http.Timeout = options.Timeout;

        IAuthenticationProvider authentication = options.Authentication == GraphAuthentication.None
            ? new AnonymousAuthenticationProvider()
            : new AzureIdentityAuthenticationProvider(credential ?? CredentialFor(options), [options.BaseUrl.Host], null, isCaeEnabled: true, options.Scope);
        return new GraphServiceClient(http, authentication, options.BaseUrl.ToString().TrimEnd('/'));
    }

    public static TokenCredential CredentialFor(GraphOptions options)
    {
        if (options.Authentication == GraphAuthentication.ClientSecret)
        {
            var secretOptions = new ClientSecretCredentialOptions();
            if (options.AuthorityHost is { } authority)
            {
                secretOptions.AuthorityHost = authority;
            }

            return new ClientSecretCredential(options.TenantId, options.ClientId, options.ClientSecret, secretOptions);
        }

        return new ManagedIdentityCredential(options.ManagedIdentityClientId is { } id
            ? ManagedIdentityId.FromUserAssignedClientId(id)
            : ManagedIdentityId.SystemAssigned);
    }
}

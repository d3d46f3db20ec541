using System.Net;
using Azure.Identity;
using CooperationBot.Committees;
using CooperationBot.Reach;
using Microsoft.Graph;
using Microsoft.Graph.Models;
using Microsoft.Graph.Models.ODataErrors;
using Microsoft.Kiota.Abstractions;

namespace CooperationBot.Graph;

/// <summary>
/// <see cref="IReachDirectory"/> over Microsoft Graph: users by UPN or mail, the app in the org
/// catalog, its installation for a user, and the 1:1 chat that installation opens; also the
/// committee's <see cref="IPeopleDirectory"/> (names of people picked in Teams). Graph's errors become
/// <see cref="DirectoryProblem"/>s here, so nothing above this layer sees a Graph type.
/// </summary>
internal sealed partial class GraphDirectory(GraphServiceClient graph, GraphOptions options, ILogger<GraphDirectory> logger) : IReachDirectory, IPeopleDirectory
{
    /// <summary>Least-privilege application permissions, named to organisers when consent is missing.</summary>
    public const string UserPermission = "User.Read.All";
    public const string CatalogPermission = "AppCatalog.Read.All";
    public const string InstallPermission = "TeamsAppInstallation.ReadWriteSelfForUser.All";

    private static readonly string[] UserFields = ["id", "userPrincipalName", "mail", "displayName"];

    private readonly SemaphoreSlim catalogLookup = new(1, 1);
    private string? catalogAppId = options.CatalogAppId;

    public bool Enabled => true;

    public int Concurrency => options.MaxConcurrency;

    public Task<DirectoryAnswer<DirectoryUser>> FindByAddressAsync(string upnOrMail, CancellationToken cancellationToken) =>
        CallAsync(UserPermission, notFound: ReachFailure.NotInDirectory, async () =>
        {
            try
            {
                return Found(await graph.Users[upnOrMail].GetAsync(r => r.QueryParameters.Select = UserFields, cancellationToken).ConfigureAwait(false));
            }
            catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.NotFound)
            {
                // Not a UPN: people are often listed by their e-mail address, which may differ from it.
                var page = await graph.Users.GetAsync(
                    r =>
                    {
                        r.QueryParameters.Filter = $"mail eq '{Quoted(upnOrMail)}'";
                        r.QueryParameters.Select = UserFields;
                    },
                    cancellationToken).ConfigureAwait(false);
                return Found(page?.Value?.FirstOrDefault());
            }
        }, cancellationToken);

    public async Task<string?> DisplayNameOfAsync(string aadObjectId, CancellationToken cancellationToken) =>
        (await FindByIdAsync(aadObjectId, cancellationToken).ConfigureAwait(false)).Value?.DisplayName;

    public Task<DirectoryAnswer<DirectoryUser>> FindByIdAsync(string aadObjectId, CancellationToken cancellationToken) =>
        CallAsync(UserPermission, notFound: ReachFailure.NotInDirectory, async () =>
            Found(await graph.Users[aadObjectId].GetAsync(r => r.QueryParameters.Select = UserFields, cancellationToken).ConfigureAwait(false)),
            cancellationToken);

    public async Task<DirectoryAnswer<string>> InstallAppAsync(string userId, CancellationToken cancellationToken)
    {
        var catalog = await CatalogAppIdAsync(cancellationToken).ConfigureAwait(false);
        if (catalog.Value is not { } appId)
        {
            return catalog;
        }

        // 404 on a user the directory just found means Teams has no account for them: no licence.
        return await CallAsync(InstallPermission, notFound: ReachFailure.NotLicensed, async () =>
        {
            try
            {
                var body = new UserScopeTeamsAppInstallation();
                body.AdditionalData["teamsApp@odata.bind"] = $"{options.BaseUrl.ToString().TrimEnd('/')}/appCatalogs/teamsApps/{appId}";
                await graph.Users[userId].Teamwork.InstalledApps.PostAsync(body, cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (ODataError error) when (error.ResponseStatusCode == (int)HttpStatusCode.Conflict)
            {
                // Installed already (by an earlier run, an admin policy or the user): what we wanted.
            }

            // Graph answers 201 with no body, so the installation's id is read back.
            var installed = await graph.Users[userId].Teamwork.InstalledApps.GetAsync(
                r =>
                {
                    r.QueryParameters.Expand = ["teamsApp"];
                    r.QueryParameters.Filter = $"teamsApp/externalId eq '{Quoted(options.TeamsAppId!)}'";
                },
                cancellationToken).ConfigureAwait(false);
            return installed?.Value?.FirstOrDefault()?.Id is { } installationId
                ? DirectoryAnswer<string>.Found(installationId)
                : DirectoryAnswer<string>.Failed(ReachFailure.GraphUnavailable, "installation not listed yet");
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<DirectoryAnswer<string>> ChatIdAsync(string userId, string installationId, CancellationToken cancellationToken) =>
        CallAsync(InstallPermission, notFound: ReachFailure.GraphUnavailable, async () =>
        {
            var chat = await graph.Users[userId].Teamwork.InstalledApps[installationId].Chat.GetAsync(r => r.QueryParameters.Select = ["id"], cancellationToken).ConfigureAwait(false);
            return chat?.Id is { } id ? DirectoryAnswer<string>.Found(id) : DirectoryAnswer<string>.Failed(ReachFailure.GraphUnavailable, "no chat yet");
        }, cancellationToken);

    /// <summary>The app's id in the org catalog, looked up once by the manifest id (unless configured).</summary>
    private async Task<DirectoryAnswer<string>> CatalogAppIdAsync(CancellationToken cancellationToken)
    {
        if (catalogAppId is { } known)
        {
            return DirectoryAnswer<string>.Found(known);
        }

        await catalogLookup.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (catalogAppId is { } found)
            {
                return DirectoryAnswer<string>.Found(found);
            }

            var answer = await CallAsync(CatalogPermission, notFound: ReachFailure.NotInCatalog, async () =>
            {
                var apps = await graph.AppCatalogs.TeamsApps.GetAsync(
                    r =>
                    {
                        r.QueryParameters.Filter = $"externalId eq '{Quoted(options.TeamsAppId!)}'";
                        r.QueryParameters.Select = ["id", "externalId", "displayName"];
                    },
                    cancellationToken).ConfigureAwait(false);
                return apps?.Value?.FirstOrDefault()?.Id is { } id
                    ? DirectoryAnswer<string>.Found(id)
                    : DirectoryAnswer<string>.Failed(ReachFailure.NotInCatalog);
            }, cancellationToken).ConfigureAwait(false);

            // Only a found app is remembered: once an admin uploads it, the next run finds it.
            catalogAppId = answer.Value;
            return answer;
        }
        finally
        {
            catalogLookup.Release();
        }
    }

    private static DirectoryAnswer<DirectoryUser> Found(User? user) => user?.Id is { } id
        ? DirectoryAnswer<DirectoryUser>.Found(new DirectoryUser(id, user.UserPrincipalName, user.Mail, user.DisplayName))
        : DirectoryAnswer<DirectoryUser>.Failed(ReachFailure.NotInDirectory);

    /// <summary>A value inside an OData string literal: quotes are doubled.</summary>
    private static string Quoted(string value) => value.Replace("'", "''", StringComparison.Ordinal);

    /// <summary>Runs one Graph conversation and turns every way it can fail into a reason organisers can act on.</summary>
    private async Task<DirectoryAnswer<T>> CallAsync<T>(string permission, ReachFailure notFound, Func<Task<DirectoryAnswer<T>>> call, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return await call().ConfigureAwait(false);
        }
        catch (ApiException error) when (error.ResponseStatusCode > 0)
        {
            return Refused<T>(error, permission, notFound);
        }
        catch (AggregateException error) when (error.InnerExceptions.LastOrDefault() is ApiException { ResponseStatusCode: > 0 } last)
        {
            // The retry handler gave up: it carries Graph's answer to each attempt.
            return Refused<T>(last, permission, notFound);
        }
        catch (Exception error) when (!cancellationToken.IsCancellationRequested &&
            error is HttpRequestException or TaskCanceledException or TimeoutException or AuthenticationFailedException or CredentialUnavailableException)
        {
            // Unreachable, too slow (Graph:Timeout), or no token: worth trying again later.
            LogGraphUnavailable(error);
            return DirectoryAnswer<T>.Failed(ReachFailure.GraphUnavailable, error.GetType().Name);
        }
    }

    private DirectoryAnswer<T> Refused<T>(ApiException error, string permission, ReachFailure notFound)
        where T : class
    {
        var problem = Classify(error, permission, notFound);
        LogGraphRefused(error, error.ResponseStatusCode, problem.Reason);
        return new DirectoryAnswer<T>(null, problem);
    }

    private static DirectoryProblem Classify(ApiException error, string permission, ReachFailure notFound)
    {
        var status = error.ResponseStatusCode;
        var code = (error as ODataError)?.Error?.Code;
        var message = (error as ODataError)?.Error?.Message ?? string.Empty;
        return status switch
        {
            404 => new DirectoryProblem(notFound),
            403 when message.Contains("permission policy", StringComparison.OrdinalIgnoreCase) => new DirectoryProblem(ReachFailure.BlockedByPolicy),
            403 when message.Contains("license", StringComparison.OrdinalIgnoreCase) => new DirectoryProblem(ReachFailure.NotLicensed),
            403 => new DirectoryProblem(ReachFailure.MissingPermission, permission),
            429 or >= 500 => new DirectoryProblem(ReachFailure.GraphUnavailable, $"HTTP {status}"),
            _ => new DirectoryProblem(ReachFailure.Refused, code is null ? $"HTTP {status}" : $"HTTP {status} {code}"),
        };
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph answered {Status}: {Reason}")]
    private partial void LogGraphRefused(Exception exception, int status, ReachFailure reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Microsoft Graph could not be reached")]
    private partial void LogGraphUnavailable(Exception exception);
}

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using ModelHub.Api.Admin.Session;
using ModelHub.Api.Management;

namespace ModelHub.Api.Security;

internal static class SecurityRegistration
{
    public const string AdminPolicy = "admin";
    public const string ReadPolicy = "read";

    /// <summary>The scheme every request is authenticated by: it hands the request to an API key or to a session cookie.</summary>
    private const string KeyOrSessionScheme = "KeyOrSession";

    /// <summary>The key ASP.NET Core's <c>UseAuthentication</c> sets in the builder's properties (and WebApplication looks for).</summary>
    private const string AuthenticationMiddlewareSetKey = "__AuthenticationMiddlewareSet";

    /// <summary>
    /// API keys (section <c>Auth</c>), the admin page's read-only session cookie, the policy every change
    /// of ModelHub requires and the one reads require when <see cref="ApiKeyOptions.ProtectReads"/> is on.
    /// </summary>
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        var sessionKeys = builder.Configuration[$"{ApiKeyOptions.Section}:{nameof(ApiKeyOptions.SessionKeysPath)}"];
        var dataProtection = builder.Services.AddDataProtection().SetApplicationName("ModelHub.Api");
        if (!string.IsNullOrWhiteSpace(sessionKeys))
        {
            dataProtection.PersistKeysToFileSystem(new DirectoryInfo(sessionKeys));
        }

        builder.Services.AddAuthentication(KeyOrSessionScheme)
            .AddPolicyScheme(KeyOrSessionScheme, "API key or admin-page session", options => options.ForwardDefaultSelector = SchemeFor)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null)
            .AddCookie(AdminSession.SchemeName, AdminSession.Configure);
        builder.Services.AddSingleton<Microsoft.AspNetCore.Authorization.IAuthorizationHandler, ReadAccessHandler>();
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.AddAuthenticationSchemes(ApiKeyAuthentication.SchemeName).RequireRole(Roles.Admin))
            .AddPolicy(ReadPolicy, policy => policy.AddRequirements(new ReadAccessRequirement()));
        return builder;
    }

    /// <summary>
    /// Authentication by <c>KeyOrSession</c> for every endpoint but those marked <see cref="JudgesOwnCallers"/> (the Hub's
    /// routes, which compare tokens in <c>HubCallers</c>): authenticating a file request built the admin page's cookie
    /// handler to find no cookie, or checked a key the route checks again, on the path a fleet's HEADs take.
    /// </summary>
    public static IApplicationBuilder UseKeyOrSessionAuthentication(this IApplicationBuilder app)
    {
        app.UseWhen(context => context.GetEndpoint()?.Metadata.GetMetadata<JudgesOwnCallers>() is null, branch => branch.UseAuthentication());
        // UseAuthentication leaves this mark on the builder it is called on, and a UseWhen branch is a copy: without the
        // mark on the application itself, WebApplication puts an authentication middleware of its own at the head of the
        // pipeline, which authenticated every request, the Hub's routes included, and the others twice.
        app.Properties[AuthenticationMiddlewareSetKey] = true;
        return app;
    }

    /// <summary>Only admin keys may call the endpoint (a session cookie never may: it can only read, so a forged request changes nothing).</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder => endpoint.RequireAuthorization(AdminPolicy);

    /// <summary>A key (or the admin page's session) is needed to read, when <see cref="ApiKeyOptions.ProtectReads"/> is on.</summary>
    public static TBuilder RequireReadAccess<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder => endpoint.RequireAuthorization(ReadPolicy);

    // A request carrying a key is judged by the key; one carrying the session cookie, or asking for anything
    // outside the management API (an admin page), by the session (an admin page without one is sent to sign in); the rest by the key
    // handler, whose refusals are problem details.
    private static string SchemeFor(HttpContext context)
    {
        var request = context.Request;
        if (request.Headers.ContainsKey("X-Api-Key") || request.Headers.Authorization.Count > 0)
        {
            return ApiKeyAuthentication.SchemeName;
        }

        return request.Cookies.ContainsKey(AdminSession.CookieName) || !request.Path.StartsWithSegments(ManagementApi.Prefix)
            ? AdminSession.SchemeName
            : ApiKeyAuthentication.SchemeName;
    }
}

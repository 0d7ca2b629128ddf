using Microsoft.AspNetCore.Authentication;

namespace ModelHub.Api.Security;

internal static class SecurityRegistration
{
    public const string AdminPolicy = "admin";

    /// <summary>API keys (section <c>Auth</c>) and the policy every change of ModelHub requires.</summary>
    public static IHostApplicationBuilder AddApiKeys(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<ApiKeyOptions>()
            .BindConfiguration(ApiKeyOptions.Section)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddAuthentication(ApiKeyAuthentication.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthentication>(ApiKeyAuthentication.SchemeName, null);
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        return builder;
    }

    /// <summary>Only admin keys may call the endpoint.</summary>
    public static TBuilder RequireAdminKey<TBuilder>(this TBuilder endpoint)
        where TBuilder : IEndpointConventionBuilder => endpoint.RequireAuthorization(AdminPolicy);
}

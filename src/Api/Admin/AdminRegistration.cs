using ModelHub.Api.Admin.Session;
using ModelHub.Api.Security;

namespace ModelHub.Api.Admin;

/// <summary>
/// The admin page at <c>/</c>: server-rendered Razor components that read through the same handlers
/// as the management API, one small script (<c>admin.js</c>) that sends changes to the management API
/// and follows running jobs over server-sent events, and the read-only session that signs a browser in.
/// </summary>
internal static class AdminRegistration
{
    public static IHostApplicationBuilder AddAdminPages(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents();
        return builder;
    }

    public static WebApplication MapAdminPages(this WebApplication app)
    {
        app.MapPost(AdminSession.SignInPath, SignInEndpoint.HandleAsync).ExcludeFromDescription();
        // As a Delegate: a handler taking only the HttpContext would otherwise be bound as a RequestDelegate, its result dropped.
        app.MapPost(AdminSession.SignOutPath, (Delegate)SignOutEndpoint.HandleAsync).ExcludeFromDescription();
        app.UseStaticFiles();
        app.UseAntiforgery();
        app.MapRazorComponents<AdminApp>().RequireReadAccess();
        return app;
    }
}

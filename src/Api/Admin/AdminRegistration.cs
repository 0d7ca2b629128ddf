using ModelHub.Api.Security;

namespace ModelHub.Api.Admin;

/// <summary>
/// The admin page at <c>/</c>: server-rendered Razor components that read through the same handlers
/// as the REST API, and one small script (<c>admin.js</c>) that sends changes to the REST API and
/// follows running jobs over server-sent events.
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
        app.UseStaticFiles();
        app.UseAntiforgery();
        app.MapRazorComponents<AdminApp>().RequireReadAccess();
        return app;
    }
}

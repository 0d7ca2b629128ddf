using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using ModelHub.Api.Management;
using ModelHub.Api.Security;

namespace ModelHub.Api.Admin.Session;

/// <summary>
/// The admin page's session when reads are protected: a key is given once on <c>/sign-in</c> and the
/// browser gets a signed, encrypted, HttpOnly cookie that only reads (its role is always
/// <see cref="Roles.Reader"/>; changes still need the key in a header, which admin.js keeps for the
/// tab). The key itself is never put in the cookie.
/// </summary>
internal static class AdminSession
{
    public const string SchemeName = "AdminSession";
    public const string CookieName = "modelhub.session";
    public const string SignInPath = "/sign-in";
    public const string SignOutPath = "/sign-out";

    public static void Configure(CookieAuthenticationOptions options)
    {
        options.Cookie.Name = CookieName;
        options.Cookie.HttpOnly = true;
        options.Cookie.SameSite = SameSiteMode.Strict;
        options.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        options.ExpireTimeSpan = TimeSpan.FromHours(12);
        options.SlidingExpiration = true;
        options.LoginPath = SignInPath;
        options.ReturnUrlParameter = "return";
        // A management API call (REST or job stream) with an expired session is refused like one without a key, not redirected.
        options.Events.OnRedirectToLogin = context => RefuseOrRedirect(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => RefuseOrRedirect(context, StatusCodes.Status403Forbidden);
    }

    private static Task RefuseOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments(ManagementApi.Prefix))
        {
            context.Response.StatusCode = status;
            return context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = context.HttpContext,
                ProblemDetails =
                {
                    Status = status,
                    Title = status == StatusCodes.Status401Unauthorized ? "The session has ended." : "This session may not do this.",
                    Detail = "Sign in again on the admin page, or send an API key as 'Authorization: Bearer <key>'.",
                },
            }).AsTask();
        }

        context.Response.Redirect(context.RedirectUri);
        return Task.CompletedTask;
    }
}

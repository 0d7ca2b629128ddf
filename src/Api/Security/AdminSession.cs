using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace ModelHub.Api.Security;

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
        // A REST or stream call with an expired session is refused like one without a key, not redirected.
        options.Events.OnRedirectToLogin = context => RefuseOrRedirect(context, StatusCodes.Status401Unauthorized);
        options.Events.OnRedirectToAccessDenied = context => RefuseOrRedirect(context, StatusCodes.Status403Forbidden);
    }

    public static IEndpointRouteBuilder MapAdminSession(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(SignInPath, SignInAsync).ExcludeFromDescription();
        routes.MapPost("/sign-out", (Delegate)SignOutAsync).ExcludeFromDescription();
        return routes;
    }

    private static async Task<IResult> SignInAsync(
        HttpContext context, [FromForm] string? key, [FromForm(Name = "return")] string? returnUrl, IOptionsMonitor<ApiKeyOptions> keys)
    {
        var holder = string.IsNullOrEmpty(key) ? null : ApiKeys.FindHolder(key, keys.CurrentValue.Keys);
        var back = IsLocal(returnUrl) ? returnUrl! : "/";
        if (holder is null)
        {
            return Results.Redirect($"{SignInPath}?failed=1&return={Uri.EscapeDataString(back)}");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, holder.Name), new Claim(ClaimTypes.Role, Roles.Reader)], SchemeName);
        await context.SignInAsync(SchemeName, new ClaimsPrincipal(identity));
        return Results.Redirect(back);
    }

    private static async Task<IResult> SignOutAsync(HttpContext context)
    {
        await context.SignOutAsync(SchemeName);
        return Results.Redirect(SignInPath);
    }

    // Only a path of this site: "//evil.example" and "/\evil.example" are other sites to a browser.
    private static bool IsLocal(string? url) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);

    private static Task RefuseOrRedirect(RedirectContext<CookieAuthenticationOptions> context, int status)
    {
        if (context.Request.Path.StartsWithSegments("/v1"))
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

using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;

namespace ModelHub.Api.Admin.Session;

/// <summary><c>POST /sign-out</c>: ends the admin page's session and goes back to signing in.</summary>
internal static class SignOutEndpoint
{
    public static async Task<RedirectHttpResult> HandleAsync(HttpContext context)
    {
        await context.SignOutAsync(AdminSession.SchemeName);
        return TypedResults.Redirect(AdminSession.SignInPath);
    }
}

using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using ModelHub.Api.Security;

namespace ModelHub.Api.Admin.Session;

/// <summary><c>POST /sign-in</c>: a key given once becomes a read-only session cookie (the key itself is never put in it).</summary>
internal static class SignInEndpoint
{
    public static async Task<RedirectHttpResult> HandleAsync(
        HttpContext context, [FromForm] string? key, [FromForm(Name = "return")] string? returnUrl, IOptionsMonitor<ApiKeyOptions> keys)
    {
        var holder = string.IsNullOrEmpty(key) ? null : ApiKeys.FindHolder(key, keys.CurrentValue.Keys);
        var back = IsLocal(returnUrl) ? returnUrl! : "/";
        if (holder is null)
        {
            return TypedResults.Redirect($"{AdminSession.SignInPath}?failed=1&return={Uri.EscapeDataString(back)}");
        }

        var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, holder.Name), new Claim(ClaimTypes.Role, Roles.Reader)], AdminSession.SchemeName);
        await context.SignInAsync(AdminSession.SchemeName, new ClaimsPrincipal(identity));
        return TypedResults.Redirect(back);
    }

    // Only a path of this site: "//evil.example" and "/\evil.example" are other sites to a browser.
    private static bool IsLocal(string? url) =>
        url is ['/', ..] && !url.StartsWith("//", StringComparison.Ordinal) && !url.StartsWith("/\\", StringComparison.Ordinal);
}

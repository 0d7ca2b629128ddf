using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.Security;
using ModelHub.Upstream;

namespace ModelHub.Api.HubCompatibility.Access;

/// <summary>
/// Who is asking: a caller with one of ModelHub's read tokens (or any of its API keys), a caller with their own Hugging
/// Face token (which is lent upstream only with <see cref="HubClientOptions.CallerTokens"/>), or an anonymous one. A
/// ModelHub token is compared here and nowhere else: it is never logged, stored or sent upstream.
/// </summary>
internal sealed class HubCallers(IOptions<HubApiOptions> options, IOptionsMonitor<ApiKeyOptions> apiKeys, IOptions<HubClientOptions> upstream)
{
    private readonly byte[][] _tokens = [.. options.Value.ReadTokens.Where(t => t.Length > 0).Select(Encoding.UTF8.GetBytes)];

    public bool HasReadToken(HttpRequest request)
    {
        if (BearerToken(request) is not { } token)
        {
            return false;
        }

        var presented = Encoding.UTF8.GetBytes(token);
        var found = false;
        foreach (var known in _tokens)
        {
            found |= CryptographicOperations.FixedTimeEquals(presented, known);
        }

        // Every API key's hash is compared too, whether or not a read token matched: the time says nothing.
        var isApiKey = ApiKeys.FindHolder(token, apiKeys.CurrentValue.Keys) is not null;
        return found || isApiKey;
    }

    /// <summary>
    /// The caller's own Hugging Face token, when callers' tokens may be lent upstream and the one sent is not ModelHub's
    /// (not a read token, not an API key); else null.
    /// </summary>
    public string? OwnHubToken(HttpRequest request) =>
        upstream.Value.CallerTokens && BearerToken(request) is { } token && !HasReadToken(request) ? token : null;

    /// <summary>
    /// With <see cref="HubApiOptions.RequireToken"/> or <see cref="ApiKeyOptions.ProtectReads"/>, every Hub
    /// route answers only callers with a read token or an API key.
    /// </summary>
    public Task RequireTokenAsync(HttpContext context, RequestDelegate next)
    {
        if (!(options.Value.RequireToken || apiKeys.CurrentValue.ProtectReads) || HasReadToken(context.Request))
        {
            return next(context);
        }

        var refusal = BearerToken(context.Request) is null
            ? new HubApiError(StatusCodes.Status401Unauthorized, HubApiError.RepoNotFoundCode, "Authentication required: send a ModelHub read token (Authorization: Bearer hf_...).")
            : HubApiError.InvalidCredentials();
        return refusal.ExecuteAsync(context);
    }

    private static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && header.Length > 7 ? header[7..].Trim() : null;
    }
}

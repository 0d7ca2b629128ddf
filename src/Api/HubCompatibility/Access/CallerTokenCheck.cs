using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Caching.Memory;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Upstream;
using ModelHub.Upstream.Sources;

namespace ModelHub.Api.HubCompatibility.Access;

/// <summary>
/// Whether a caller's own Hugging Face token opens a gated repository upstream (<see cref="HubClientOptions.CallerTokens"/>):
/// the upstream is asked for the file with that token, as a client would ask it, and its verdict is remembered for the
/// repository (a yes for <see cref="Granted"/>, a no for <see cref="Refused"/>) under the token's SHA-256, never the
/// token. Only the Hub's own origin ever sees the token (<see cref="UpstreamCredential"/>), and only the Hub is asked: with
/// several upstreams, another (a mirror, a central ModelHub with its own token) serving the file would say nothing of the
/// caller's token.
/// </summary>
internal sealed class CallerTokenCheck(IHubClient hub, UpstreamSet upstreams) : IDisposable
{
    public static readonly TimeSpan Granted = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan Refused = TimeSpan.FromSeconds(30);

    private readonly MemoryCache _verdicts = new(new MemoryCacheOptions { SizeLimit = 10_000 });

    /// <returns>
    /// Whether the Hub lets the token read the repository; null when it could not say (unreachable, a 5xx, no upstream on
    /// the Hub's origin).
    /// </returns>
    public async Task<bool?> CanReadAsync(HubCommit resolved, HubFile file, string token, CancellationToken cancellationToken)
    {
        var repo = resolved.Repository;
        var key = (repo.Id, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token))));
        if (_verdicts.TryGetValue(key, out bool known))
        {
            return known;
        }

        if (upstreams.Bytes.FirstOrDefault(e => e.IsHub) is not { } theHub)
        {
            return null;
        }

        var upstream = new HubRepo(repo.RepoType, repo.RepoId);
        HubException? refusal;
        using (UpstreamCredential.Lend(token))
        {
            // The answer's headers are the verdict; the body is not read.
            (_, refusal) = await QuickQuestions.AskAsync(upstream, async budget =>
            {
                await using var probe = await hub.DownloadAsync(upstream, resolved.Commit, file.Path, 0, SourceChoice.Any.Only(theHub.Name), budget);
                return probe.ETag ?? "";
            }, cancellationToken);
        }

        if ((refusal switch { null => true, { Error: HubError.GatedRepo or HubError.Unauthorized } => false, _ => (bool?)null }) is not { } verdict)
        {
            return null;
        }

        _verdicts.Set(key, verdict, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = verdict ? Granted : Refused });
        return verdict;
    }

    public void Dispose() => _verdicts.Dispose();
}

using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.PullThrough;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.HubCompatibility.Repositories;

/// <summary>
/// The upstream's "not found" for a repository or one of its revisions, remembered for
/// <see cref="PullThroughOptions.NotFoundCache"/> (30 s) so that a client retrying in a loop is answered at once and the
/// upstream is not asked again. Only not-found answers are kept: a 429, a 5xx or an unreachable upstream is never
/// remembered, and never becomes a 404. At most <see cref="MaxEntries"/> answers, in this process.
/// </summary>
internal sealed class NotFoundAnswers(IOptions<PullThroughOptions> options) : IDisposable
{
    public const int MaxEntries = 10_000;

    private readonly MemoryCache _answers = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    /// <summary>What the upstream said of the repository (any revision), or of this revision of it, when it said "not found" lately.</summary>
    public HubApiError? Find(RepoType type, string repoId, string? revision) =>
        _answers.Get<HubApiError>(Key(type, repoId, null))
        ?? (revision is null ? null : _answers.Get<HubApiError>(Key(type, repoId, revision)));

    /// <summary>Keeps <paramref name="answer"/> if it is a not-found: a missing repository for every revision, a missing revision for itself.</summary>
    public void Remember(RepoType type, string repoId, string? revision, HubApiError answer)
    {
        if (options.Value.NotFoundCache <= TimeSpan.Zero || answer.Code is not (HubApiError.RepoNotFoundCode or HubApiError.RevisionNotFoundCode))
        {
            return;
        }

        var key = Key(type, repoId, answer.Code == HubApiError.RepoNotFoundCode ? null : revision);
        _answers.Set(key, answer, new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.NotFoundCache });
    }

    /// <summary>Forgets every answer, for a database emptied under a running Api (the tests' reset).</summary>
    internal void Clear() => _answers.Clear();

    public void Dispose() => _answers.Dispose();

    private static (RepoType, string, string?) Key(RepoType type, string repoId, string? revision) => (type, repoId.ToLowerInvariant(), revision);
}

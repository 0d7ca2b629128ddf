using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using ModelHub.Api.HubCompatibility.Errors;
using ModelHub.Api.HubCompatibility.Repositories;
using ModelHub.Contracts.Repositories;
using ModelHub.Storage;

namespace ModelHub.Api.HubCompatibility.Files;

/// <summary>
/// Which commit and file row a <c>/resolve</c> or <c>/raw</c> request names, remembered for
/// <see cref="HubApiOptions.ResolvedFileCache"/> (2 s by default). Finding them costs three queries
/// (repository, revision, file): most of a warm request's time when a client fetches many small files,
/// or many clients the same shards. Only files found are remembered, at most
/// <see cref="MaxEntries"/> of them; whether the blob is on disk is still checked on every request, so a
/// blob evicted or quarantined meanwhile is pulled through, not sent. A branch that moves is seen
/// at most that long after its sync. A file of a revision not synced yet is described by the upstream
/// (<see cref="PullThrough.UnsyncedFiles"/>) and not remembered.
/// </summary>
internal sealed class ResolvedFiles(IOptions<HubApiOptions> options) : IDisposable
{
    public const int MaxEntries = 10_000;

    private readonly MemoryCache _found = new(new MemoryCacheOptions { SizeLimit = MaxEntries });

    /// <summary>The commit and the file; else the error, or the redirect for a repository named by a former id.</summary>
    public async ValueTask<(HubCommit? Commit, HubFile? File, IResult? Refusal)> FindAsync(
        RepoType type, string repoId, string? revision, string path, FileRequestServices services, CancellationToken cancellationToken)
    {
        var key = (type, repoId, revision, path);
        if (_found.TryGetValue(key, out (HubCommit Commit, HubFile File) known))
        {
            return (known.Commit, known.File, null);
        }

        var lookup = await services.Repositories.LookUpAsync(type, repoId, revision, cancellationToken);
        if (lookup.Unsynced is { } unsynced)
        {
            // Not remembered: the sync under way records the file soon, and its row is what is worth keeping.
            return await services.Unsynced.FindAsync(unsynced, lookup.Wanted!, path, cancellationToken);
        }

        if (lookup.Commit is not { } resolved)
        {
            return (null, null, (IResult?)lookup.Moved ?? lookup.Error);
        }

        var file = RepoPaths.Validate(path) is null
            ? (await HubFileQueries.OfCommitAsync(services.Db, resolved, cancellationToken, a => a.Path == path)).SingleOrDefault()
            : null;
        if (file is null)
        {
            return (resolved, null, HubApiError.EntryNotFound(resolved.Repository.RepoId, resolved.Commit, path));
        }

        if (options.Value.ResolvedFileCache > TimeSpan.Zero)
        {
            _found.Set(key, (resolved, file), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpirationRelativeToNow = options.Value.ResolvedFileCache });
        }

        return (resolved, file, null);
    }

    /// <summary>Forgets every file row, for a database emptied under a running Api (the tests' reset).</summary>
    internal void Clear() => _found.Clear();

    public void Dispose() => _found.Dispose();
}

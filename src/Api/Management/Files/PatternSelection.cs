using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Api.Management.Conventions;
using ModelHub.Contracts.Repositories;

namespace ModelHub.Api.Management.Files;

/// <summary>
/// Which files of a synced revision a request's <c>include</c> / <c>exclude</c> patterns select (a snapshot download, an
/// export), or the 422 that says why it is refused: an include pattern that matches no file, or no file left.
/// </summary>
internal static class PatternSelection
{
    /// <param name="action">What the request would do with the files (<c>download</c>, <c>export</c>), for the refusals' words.</param>
    /// <param name="consequence">What a refusal means was not done (<c>nothing was queued</c>).</param>
    public static (Func<string, bool> Selects, ProblemHttpResult? Refused) Of(
        IReadOnlyCollection<string> paths, string[] include, string[] exclude, string repoId, string commit, string action, string consequence)
    {
        var unmatched = FilePatterns.Unmatched(include, paths);
        if (unmatched.Count > 0)
        {
            return (_ => false, ListedProblem.Of(StatusCodes.Status422UnprocessableEntity, "Patterns match nothing.",
                $"{unmatched.Count} include pattern(s) match no file of {repoId}@{commit}; {consequence}.", "unmatched_patterns", unmatched));
        }

        var selects = FilePatterns.Selector(include, exclude);
        return paths.Any(selects)
            ? (selects, null)
            : (selects, ListedProblem.Of(StatusCodes.Status422UnprocessableEntity, $"Nothing to {action}.", $"The patterns leave no file to {action}."));
    }
}

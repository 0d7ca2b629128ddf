using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using ModelHub.Persistence;
using ModelHub.Persistence.Conventions;
using ModelHub.Persistence.Repositories;
using Npgsql;

namespace ModelHub.Api.Repositories;

internal sealed record RegisterRepositoryRequest(string? RepoId, string? Revision, string? RepoType);

internal static class RegisterRepositoryEndpoint
{
    public const string DefaultRevision = "main";
    public const string ModelRepoType = "model";

    public static async Task<Results<Created<RepositoryResponse>, Ok<RepositoryResponse>, ValidationProblem, ProblemHttpResult>> HandleAsync(
        RegisterRepositoryRequest request, ModelHubDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The repository cannot be registered.");
        }

        var repoId = request.RepoId!;
        var revision = request.Revision ?? DefaultRevision;
        if (await FindAsync(db, repoId, cancellationToken) is { } existing)
        {
            return await AlreadyRegisteredAsync(db, existing, revision, cancellationToken);
        }

        var now = clock.GetUtcNowForDatabase();
        var repo = new ModelRepository
        {
            Id = Guid.CreateVersion7(now),
            RepoId = repoId,
            RepoType = ModelRepoType,
            Status = ModelRepositoryStatus.Registered,
            DefaultRevision = revision,
            CreatedAt = now,
            UpdatedAt = now,
        };
        db.Repositories.Add(repo);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            // Someone registered the same id between our check and our insert: theirs stands.
            db.ChangeTracker.Clear();
            var winner = await FindAsync(db, repoId, cancellationToken);
            return await AlreadyRegisteredAsync(db, winner!, revision, cancellationToken);
        }

        return TypedResults.Created(RepositoriesApi.LocationOf(repo.RepoId), RepositoryResponse.From(repo, ArtifactSummary.Empty));
    }

    private static Dictionary<string, string[]> Validate(RegisterRepositoryRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (RepoId.Validate(request.RepoId) is { } repoIdRule)
        {
            errors["repo_id"] = [repoIdRule];
        }

        if (request.Revision is not null && RevisionName.Validate(request.Revision) is { } revisionRule)
        {
            errors["revision"] = [revisionRule];
        }

        if (request.RepoType is not (null or ModelRepoType))
        {
            errors["repo_type"] = [$"Only '{ModelRepoType}' repositories can be mirrored for now."];
        }

        return errors;
    }

    private static Task<ModelRepository?> FindAsync(ModelHubDbContext db, string repoId, CancellationToken cancellationToken) =>
        db.Repositories.AsNoTracking().SingleOrDefaultAsync(r => r.RepoId == repoId, cancellationToken);

    private static async Task<Results<Created<RepositoryResponse>, Ok<RepositoryResponse>, ValidationProblem, ProblemHttpResult>> AlreadyRegisteredAsync(
        ModelHubDbContext db, ModelRepository existing, string requestedRevision, CancellationToken cancellationToken)
    {
        if (existing.DefaultRevision != requestedRevision)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status409Conflict,
                title: "The repository is registered with another revision.",
                detail: $"{existing.RepoId} is registered with default revision '{existing.DefaultRevision}', not '{requestedRevision}'. "
                    + "Register it again without 'revision' (or with that one) to get it.");
        }

        // Registration is idempotent: the same request again returns what is there.
        var artifacts = await ArtifactSummaries.LoadAsync(db, existing.Id, cancellationToken);
        return TypedResults.Ok(RepositoryResponse.From(existing, artifacts));
    }
}

using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Admin;

/// <summary>
/// <c>/_sim/…</c>: what tests and <c>./hub up --simulator</c> users change at run time. Fault knobs are
/// JSON in <see cref="FaultKnobs"/>' camelCase shape, e.g. <c>{"rateLimited": 2, "latency": "00:00:00.200"}</c>.
/// A repository is <c>/repos/{org}/{name}</c> or <c>/repos/{name}</c>, a model unless <c>?type=dataset</c>.
/// </summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/_sim");
        admin.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
        admin.MapGet("/repos", (RepoCatalog catalog) => TypedResults.Ok(catalog.Repos.Select(Describe)));
        admin.MapPost("/reset", (RepoCatalog catalog) =>
        {
            catalog.ResetFaults();
            catalog.Requests.Clear();
            return TypedResults.NoContent();
        });
        foreach (var repo in (string[])["/repos/{org}/{name}", "/repos/{name}"])
        {
            admin.MapPost(repo + "/advance", Advance);
            MapRepoFaults(admin, repo + "/faults");
        }

        MapFaults(admin);
        MapRequests(admin);
        return endpoints;
    }

    private static IResult Advance(RepoCatalog catalog, HttpRequest request, string? type)
    {
        if (Find(catalog, request, type) is not { } repo)
        {
            return Results.NotFound();
        }

        var previous = repo.Main.Sha;
        var commit = repo.Advance();
        return Results.Ok(new { id = repo.Id, type = repo.Type, previous, sha = commit.Sha, files = commit.Files.Count });
    }

    private static void MapFaults(RouteGroupBuilder admin)
    {
        admin.MapGet("/faults", (RepoCatalog catalog) => TypedResults.Ok(catalog.Faults));
        admin.MapPut("/faults", (RepoCatalog catalog, FaultKnobs knobs) =>
        {
            catalog.Faults = knobs;
            return TypedResults.Ok(knobs);
        });
        admin.MapDelete("/faults", (RepoCatalog catalog) =>
        {
            catalog.ResetFaults();
            return TypedResults.NoContent();
        });
    }

    // Without ?path= the knobs are the repository's; with it, one file's.
    private static void MapRepoFaults(RouteGroupBuilder admin, string pattern)
    {
        admin.MapGet(pattern, (RepoCatalog catalog, HttpRequest request, string? type, string? path) =>
            Find(catalog, request, type) is { } repo
                ? Results.Ok(path is null ? repo.Faults : repo.FileFaults(path))
                : Results.NotFound());
        admin.MapPut(pattern, (RepoCatalog catalog, HttpRequest request, string? type, string? path, FaultKnobs knobs) =>
        {
            if (Find(catalog, request, type) is not { } repo)
            {
                return Results.NotFound();
            }

            if (path is null)
            {
                repo.Faults = knobs;
            }
            else
            {
                repo.SetFileFaults(path, knobs);
            }

            return Results.Ok(knobs);
        });
        admin.MapDelete(pattern, (RepoCatalog catalog, HttpRequest request, string? type) =>
        {
            Find(catalog, request, type)?.ResetFaults();
            return TypedResults.NoContent();
        });
    }

    private static void MapRequests(RouteGroupBuilder admin)
    {
        // ?limit= says how many of the newest requests to list one by one (200 unless asked); the counts and the file
        // bytes sent (bodyBytes) cover all. ?since= keeps the requests that started then or later: one that ended just
        // before a reader's clear may be logged after it (the log is written once the response is over), never before.
        admin.MapGet("/requests", (RepoCatalog catalog, string? repo, string? type, int? limit, DateTimeOffset? since) =>
        {
            if (!RepoTypeNames.TryParse(type, out var repoType))
            {
                return Results.BadRequest(new { error = $"Unknown repository type '{type}'." });
            }

            var requests = catalog.Requests.Snapshot()
                .Where(r => (repo is null || (r.RepoId == repo && r.RepoType == repoType)) && (since is null || r.At >= since)).ToList();
            return Results.Ok(new
            {
                total = requests.Count,
                byKind = requests.GroupBy(r => r.Kind ?? "other").ToDictionary(g => g.Key, g => g.Count()),
                byPath = requests.GroupBy(r => r.Path).ToDictionary(g => g.Key, g => g.Count()),
                bodyBytes = requests.Sum(r => r.BodyBytes),
                last = requests.TakeLast(Math.Max(0, limit ?? 200)),
            });
        });
        admin.MapDelete("/requests", (RepoCatalog catalog) =>
        {
            catalog.Requests.Clear();
            return TypedResults.NoContent();
        });
    }

    // The repository the route names: {org}/{name} or {name}, of ?type= (a model when absent); null for an unknown type too.
    private static SimRepo? Find(RepoCatalog catalog, HttpRequest request, string? type)
    {
        var name = (string)request.RouteValues["name"]!;
        var id = request.RouteValues["org"] is string org ? $"{org}/{name}" : name;
        return RepoTypeNames.TryParse(type, out var repoType) ? catalog.Find(repoType, id) : null;
    }

    private static object Describe(SimRepo repo) => new
    {
        id = repo.Id,
        type = repo.Type,
        main = repo.Main.Sha,
        gated = repo.Gated.ToString().ToLowerInvariant(),
        @private = repo.Private,
        files = repo.Main.Files.Count,
        refs = repo.Refs.ToDictionary(r => r.Key, r => r.Value.Sha),
        commits = repo.History.Select(c => new { sha = c.Sha, title = c.Title, date = c.Date }),
    };
}

using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.UpstreamSimulator.Admin;

/// <summary>
/// <c>/_sim/…</c>: what tests and <c>./hub up --simulator</c> users change at run time. Fault knobs are
/// JSON in <see cref="FaultKnobs"/>' camelCase shape, e.g. <c>{"rateLimited": 2, "latency": "00:00:00.200"}</c>.
/// </summary>
internal static class AdminApi
{
    public static IEndpointRouteBuilder MapAdminApi(this IEndpointRouteBuilder endpoints)
    {
        var admin = endpoints.MapGroup("/_sim");
        admin.MapGet("/health", () => TypedResults.Ok(new { status = "ok" }));
        admin.MapGet("/repos", (RepoCatalog catalog) => TypedResults.Ok(catalog.Repos.Select(Describe)));
        admin.MapPost("/repos/{org}/{name}/advance", Advance);
        admin.MapPost("/reset", (RepoCatalog catalog) =>
        {
            catalog.ResetFaults();
            catalog.Requests.Clear();
            return TypedResults.NoContent();
        });
        MapFaults(admin);
        MapRequests(admin);
        return endpoints;
    }

    private static IResult Advance(RepoCatalog catalog, string org, string name)
    {
        var repo = catalog.Find($"{org}/{name}");
        if (repo is null)
        {
            return TypedResults.NotFound();
        }

        var previous = repo.Main.Sha;
        var commit = repo.Advance();
        return TypedResults.Ok(new { id = repo.Id, previous, sha = commit.Sha, files = commit.Files.Count });
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

        // Without ?path= the knobs are the repository's; with it, one file's.
        admin.MapGet("/repos/{org}/{name}/faults", (RepoCatalog catalog, string org, string name, string? path) =>
            catalog.Find($"{org}/{name}") is { } repo
                ? Results.Ok(path is null ? repo.Faults : repo.FileFaults(path))
                : Results.NotFound());
        admin.MapPut("/repos/{org}/{name}/faults", (RepoCatalog catalog, string org, string name, string? path, FaultKnobs knobs) =>
        {
            if (catalog.Find($"{org}/{name}") is not { } repo)
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
        admin.MapDelete("/repos/{org}/{name}/faults", (RepoCatalog catalog, string org, string name) =>
        {
            catalog.Find($"{org}/{name}")?.ResetFaults();
            return TypedResults.NoContent();
        });
    }

    private static void MapRequests(RouteGroupBuilder admin)
    {
        // ?limit= says how many of the newest requests to list one by one (200 unless asked); the counts cover all.
        admin.MapGet("/requests", (RepoCatalog catalog, string? repo, int? limit) =>
        {
            var requests = catalog.Requests.Snapshot().Where(r => repo is null || r.RepoId == repo).ToList();
            return TypedResults.Ok(new
            {
                total = requests.Count,
                byKind = requests.GroupBy(r => r.Kind ?? "other").ToDictionary(g => g.Key, g => g.Count()),
                byPath = requests.GroupBy(r => r.Path).ToDictionary(g => g.Key, g => g.Count()),
                last = requests.TakeLast(Math.Max(0, limit ?? 200)),
            });
        });
        admin.MapDelete("/requests", (RepoCatalog catalog) =>
        {
            catalog.Requests.Clear();
            return TypedResults.NoContent();
        });
    }

    private static object Describe(SimRepo repo) => new
    {
        id = repo.Id,
        main = repo.Main.Sha,
        gated = repo.Gated.ToString().ToLowerInvariant(),
        @private = repo.Private,
        files = repo.Main.Files.Count,
        refs = repo.Refs.ToDictionary(r => r.Key, r => r.Value.Sha),
        commits = repo.History.Select(c => new { sha = c.Sha, title = c.Title, date = c.Date }),
    };
}

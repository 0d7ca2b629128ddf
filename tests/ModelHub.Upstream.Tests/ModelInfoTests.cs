using ModelHub.Upstream.Tests.Support;

namespace ModelHub.Upstream.Tests;

public class ModelInfoTests
{
    private const string Sha = "39d5e5a1c0a2bb0ab5f5e0f4fd46d3b6a7e5d583";

    [Fact]
    public async Task When_the_hub_sends_fields_we_do_not_know_Should_ignore_them()
    {
        const string json = $$"""
            {"_id":"621f","id":"org/model","modelId":"org/model","author":"org","sha":"{{Sha}}",
             "lastModified":"2024-11-05T18:20:00.000Z","private":true,"gated":"manual","disabled":false,
             "tags":["a"],"downloads":123,"config":{"architectures":["X"],"nested":{"deep":[1,2,{"x":null}]} },
             "cardData":{"license":"mit"},"safetensors":{"parameters":{"F32":1},"total":1},
             "siblings":[{"rfilename":".gitattributes"},{"rfilename":"dir/model.safetensors","blobId":"ab","size":9,
               "lfs":{"sha256":"cd","size":9,"pointerSize":134} }],"spaces":["x/y"],"createdAt":"2022-03-02T23:29:05.000Z"}
            """;
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, json));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/model"), "main", CancellationToken.None);

        info.Id.ShouldBe("org/model");
        info.Sha.ShouldBe(Sha);
        info.Siblings.ShouldBe([".gitattributes", "dir/model.safetensors"]);
        info.Private.ShouldBeTrue();
        info.Gated.ShouldBe("manual");
        info.LastModified.ShouldBe(new DateTimeOffset(2024, 11, 5, 18, 20, 0, TimeSpan.Zero));
    }

    [Fact]
    public async Task When_gated_is_false_Should_report_no_gate()
    {
        await using var hub = await StubHub.StartAsync(context =>
            Respond.Json(context, $$"""{"id":"org/model","sha":"{{Sha}}","gated":false,"siblings":[]}"""));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model("org/model"), "main", CancellationToken.None);

        info.Gated.ShouldBeNull();
        info.Siblings.ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_revision_has_slashes_Should_escape_every_character_as_python_does()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, Respond.RepoInfo("org/model", Sha)));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        await host.Client.GetRepoInfoAsync(HubRepo.Model("org/model"), "refs/pr/1", CancellationToken.None);

        hub.Requests.Single().RawTarget.ShouldBe("/api/models/org/model/revision/refs%2Fpr%2F1");
    }

    [Fact]
    public async Task When_a_token_is_configured_Should_send_it_as_bearer()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, Respond.RepoInfo("org/model", Sha)));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:Token", ClientHost.Token));

        await host.Client.GetRepoInfoAsync(HubRepo.Model("org/model"), "main", CancellationToken.None);

        hub.Requests.Single().Authorization.ShouldBe($"Bearer {ClientHost.Token}");
    }

    [Fact]
    public async Task When_no_token_is_configured_Should_send_no_authorization()
    {
        await using var hub = await StubHub.StartAsync(context => Respond.Json(context, Respond.RepoInfo("org/model", Sha)));
        await using var host = await ClientHost.StartAsync(hub.BaseAddress);

        await host.Client.GetRepoInfoAsync(HubRepo.Model("org/model"), "main", CancellationToken.None);

        hub.Requests.Single().Authorization.ShouldBeNull();
    }

    [Fact]
    public async Task When_a_renamed_repository_answers_307_with_a_relative_location_Should_follow_it()
    {
        await using var hub = await StubHub.StartAsync(context =>
        {
            if (context.Request.Path.StartsWithSegments("/api/models/old"))
            {
                context.Response.StatusCode = 307;
                context.Response.Headers.Location = "/api/models/new/model/revision/main";
                return Task.CompletedTask;
            }

            return Respond.Json(context, Respond.RepoInfo("new/model", Sha));
        });
        await using var host = await ClientHost.StartAsync(hub.BaseAddress, ("Upstream:Token", ClientHost.Token));

        var info = await host.Client.GetRepoInfoAsync(HubRepo.Model("old/model"), "main", CancellationToken.None);

        info.Id.ShouldBe("new/model");
        hub.Requests.Select(request => request.Authorization).ShouldAllBe(value => value == $"Bearer {ClientHost.Token}");
    }
}

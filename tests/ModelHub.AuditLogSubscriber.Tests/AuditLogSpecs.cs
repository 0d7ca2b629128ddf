namespace ModelHub.AuditLogSubscriber.Tests;

public sealed class AuditLogSpecs : IDisposable
{
    private readonly AuditFile _file = new();

    [Fact]
    public async Task When_events_arrive_Should_append_one_line_each_with_the_event_its_message_id_and_the_time_received()
    {
        await using var subscriber = await AuditLogHarness.StartAsync(_file.Path);
        var first = AuditFile.Event("model-00001-of-00002.safetensors");
        var second = AuditFile.Event("model-00002-of-00002.safetensors", deduplicated: true);
        var (firstId, secondId) = (Guid.NewGuid(), Guid.NewGuid());

        await subscriber.PublishAsync(first, firstId);
        await subscriber.PublishAsync(second, secondId);

        var lines = _file.Lines();
        lines.Count.ShouldBe(2);
        lines[0].Select(p => p.Key).ShouldBe(
        [
            "messageId", "receivedAt", "jobId", "artifactId", "repositoryId", "repoType", "repoId", "commit", "path",
            "sha256", "size", "storedPath", "deduplicated", "downloadedAt",
        ]);
        lines[0]["messageId"]!.GetValue<Guid>().ShouldBe(firstId);
        lines[0]["receivedAt"]!.GetValue<DateTimeOffset>().ShouldBe(AuditLogHarness.Now);
        lines[0]["jobId"]!.GetValue<Guid>().ShouldBe(first.JobId);
        lines[0]["artifactId"]!.GetValue<Guid>().ShouldBe(first.ArtifactId);
        lines[0]["repositoryId"]!.GetValue<Guid>().ShouldBe(first.RepositoryId);
        lines[0]["repoId"]!.GetValue<string>().ShouldBe(first.RepoId);
        lines[0]["commit"]!.GetValue<string>().ShouldBe(first.Commit);
        lines[0]["path"]!.GetValue<string>().ShouldBe(first.Path);
        lines[0]["sha256"]!.GetValue<string>().ShouldBe(first.Sha256);
        lines[0]["size"]!.GetValue<long>().ShouldBe(first.Size);
        lines[0]["storedPath"]!.GetValue<string>().ShouldBe(first.StoredPath);
        lines[0]["deduplicated"]!.GetValue<bool>().ShouldBeFalse();
        lines[0]["downloadedAt"]!.GetValue<DateTimeOffset>().ShouldBe(first.DownloadedAt);
        File.ReadLines(_file.Path).First().ShouldContain("\"downloadedAt\":\"2026-11-28T18:09:44+00:00\"");
        lines[1]["messageId"]!.GetValue<Guid>().ShouldBe(secondId);
        lines[1]["path"]!.GetValue<string>().ShouldBe(second.Path);
        lines[1]["deduplicated"]!.GetValue<bool>().ShouldBeTrue();
    }

    [Fact]
    public async Task When_a_message_is_redelivered_Should_not_write_a_second_line()
    {
        await using var subscriber = await AuditLogHarness.StartAsync(_file.Path);
        var message = AuditFile.Event();
        var messageId = Guid.NewGuid();

        await subscriber.PublishAsync(message, messageId);
        await subscriber.PublishAsync(message, messageId);

        _file.Lines().Single()["messageId"]!.GetValue<Guid>().ShouldBe(messageId);
    }

    [Fact]
    public async Task When_the_subscriber_restarts_Should_keep_its_lines_and_skip_messages_already_in_the_file()
    {
        var (before, after) = (Guid.NewGuid(), Guid.NewGuid());
        await using (var subscriber = await AuditLogHarness.StartAsync(_file.Path))
        {
            await subscriber.PublishAsync(AuditFile.Event("config.json"), before);
        }

        await using (var restarted = await AuditLogHarness.StartAsync(_file.Path))
        {
            await restarted.PublishAsync(AuditFile.Event("config.json"), before);
            await restarted.PublishAsync(AuditFile.Event("tokenizer.json"), after);
        }

        _file.Lines().Select(line => line["messageId"]!.GetValue<Guid>()).ShouldBe([before, after]);
    }

    [Fact]
    public async Task When_a_crash_left_half_a_line_Should_write_the_next_event_on_a_line_of_its_own()
    {
        var written = Guid.NewGuid();
        Directory.CreateDirectory(Path.GetDirectoryName(_file.Path)!);
        await File.WriteAllTextAsync(_file.Path, $$"""{"messageId":"{{written}}","path":"a"}""" + "\n" + """{"messageId":"0a1b""");
        var next = Guid.NewGuid();

        await using (var subscriber = await AuditLogHarness.StartAsync(_file.Path))
        {
            await subscriber.PublishAsync(AuditFile.Event(), written);
            await subscriber.PublishAsync(AuditFile.Event(), next);
        }

        var lines = await File.ReadAllLinesAsync(_file.Path);
        lines.Length.ShouldBe(3);
        lines[1].ShouldBe("""{"messageId":"0a1b""");
        System.Text.Json.Nodes.JsonNode.Parse(lines[2])!["messageId"]!.GetValue<Guid>().ShouldBe(next);
    }

    public void Dispose() => _file.Dispose();
}

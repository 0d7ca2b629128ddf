using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;
using ModelHub.TestSupport;

namespace ModelHub.Storage.Tests;

public sealed class BlobStoreTests : IDisposable
{
    private readonly TempFolder _folder = new("modelhub-store-");
    private readonly BlobStore _store;

    public BlobStoreTests() => _store = new BlobStore(Options.Create(new StoreOptions { Root = _folder.Path }));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void When_a_git_blob_id_is_computed_Should_equal_gits_own() =>
        GitBlobHash.Of("Hello, World!"u8).ShouldBe("b45ef6fec89518d314f546fd6c3025367b721684");

    [Fact]
    public async Task When_bytes_keep_their_promise_Should_store_them_under_their_sha256()
    {
        var bytes = RandomNumberGenerator.GetBytes(3_000_000);
        var sha256 = Sha256(bytes);

        var blob = await _store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(bytes.Length, sha256, null), "artifact-1", default);

        blob.ShouldBe(new StoredBlob(sha256, bytes.Length, $"blobs/sha256/{sha256}", Deduplicated: false));
        (await File.ReadAllBytesAsync(Path.Combine(_folder.Path, blob.RelativePath))).ShouldBe(bytes);
        Directory.EnumerateFiles(Path.Combine(_folder.Path, "temp")).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_regular_file_is_stored_Should_check_it_against_its_git_blob_id()
    {
        var bytes = Encoding.UTF8.GetBytes("""{"model_type": "t5"}""");

        var blob = await _store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(bytes.Length, null, GitBlobHash.Of(bytes)), "cfg", default);

        blob.Sha256.ShouldBe(Sha256(bytes));
    }

    [Fact]
    public async Task When_the_same_bytes_come_twice_Should_store_them_once()
    {
        var bytes = RandomNumberGenerator.GetBytes(10_000);
        var expected = new ExpectedContent(bytes.Length, Sha256(bytes), null);

        await _store.StoreAsync(new MemoryStream(bytes), expected, "a", default);
        var second = await _store.StoreAsync(new MemoryStream(bytes), expected, "b", default);

        second.Deduplicated.ShouldBeTrue();
        Directory.EnumerateFiles(Path.Combine(_folder.Path, "blobs", "sha256")).Count().ShouldBe(1);
        Directory.EnumerateFiles(Path.Combine(_folder.Path, "temp")).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("wrong bytes")]
    [InlineData("truncated")]
    [InlineData("too long")]
    [InlineData("wrong git id")]
    public async Task When_bytes_break_a_promise_Should_refuse_them_and_store_nothing(string fault)
    {
        var bytes = RandomNumberGenerator.GetBytes(50_000);
        var served = fault switch
        {
            "wrong bytes" => bytes.Select((b, i) => i == 1234 ? (byte)(b ^ 0xFF) : b).ToArray(),
            "truncated" => bytes[..40_000],
            "too long" => [.. bytes, 1, 2, 3],
            _ => bytes,
        };
        var expected = fault == "wrong git id"
            ? new ExpectedContent(bytes.Length, null, new string('0', 40))
            : new ExpectedContent(bytes.Length, Sha256(bytes), null);

        var failure = await Should.ThrowAsync<ContentMismatchException>(
            _store.StoreAsync(new MemoryStream(served), expected, "bad", default));

        failure.Message.ShouldMatch("^(checksum|size) mismatch: expected .*");
        Directory.Exists(Path.Combine(_folder.Path, "blobs")).ShouldBeFalse();
        Directory.EnumerateFiles(Path.Combine(_folder.Path, "temp")).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_a_metadata_copy_is_made_Should_link_it_to_the_blob_inside_the_store()
    {
        var bytes = Encoding.UTF8.GetBytes("# README");
        var blob = await _store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(bytes.Length, Sha256(bytes), null), "r", default);
        var commit = new string('a', 40);

        var relative = _store.LinkIntoMetadata(blob.Sha256, RepoType.Model, "org/model", commit, "docs/README.md");

        relative.ShouldBe($"metadata/org/model/{commit}/docs/README.md");
        (await File.ReadAllBytesAsync(Path.Combine(_folder.Path, relative))).ShouldBe(bytes);
        Should.Throw<ArgumentException>(() => _store.LinkIntoMetadata(blob.Sha256, RepoType.Model, "org/model", commit, "../../escape"));
        Should.Throw<ArgumentException>(() => _store.LinkIntoMetadata(blob.Sha256, RepoType.Dataset, "../x", commit, "a"));
    }

    [Fact]
    public async Task When_a_model_and_a_dataset_of_one_id_get_metadata_copies_Should_keep_them_in_folders_apart()
    {
        var bytes = Encoding.UTF8.GetBytes("a card");
        var blob = await _store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(bytes.Length, Sha256(bytes), null), "c", default);
        var commit = new string('b', 40);

        var model = _store.LinkIntoMetadata(blob.Sha256, RepoType.Model, "org/shared", commit, "README.md");
        var dataset = _store.LinkIntoMetadata(blob.Sha256, RepoType.Dataset, "org/shared", commit, "README.md");

        (model, dataset).ShouldBe(($"metadata/org/shared/{commit}/README.md", $"metadata/datasets/org/shared/{commit}/README.md"));
        File.Exists(Path.Combine(_folder.Path, dataset)).ShouldBeTrue();
        Should.Throw<ArgumentException>(() => _store.LinkIntoMetadata(blob.Sha256, RepoType.Dataset, "datasets/org/shared", commit, "README.md"));
    }

    [Theory]
    [InlineData("../evil")]
    [InlineData("a/b")]
    [InlineData("")]
    public async Task When_a_temp_name_would_leave_the_temp_folder_Should_refuse_it(string tempName) =>
        await Should.ThrowAsync<ArgumentException>(_store.StoreAsync(new MemoryStream([1]), new ExpectedContent(1, null, null), tempName, default));

    [Fact]
    public async Task When_a_crash_left_a_temp_file_of_the_same_name_Should_replace_it_and_store_a_read_only_blob()
    {
        var leftover = Path.Combine(_folder.Path, "temp", "artifact-9.part");
        Directory.CreateDirectory(Path.GetDirectoryName(leftover)!);
        await File.WriteAllBytesAsync(leftover, RandomNumberGenerator.GetBytes(5_000));
        var bytes = RandomNumberGenerator.GetBytes(2_000);
        var sha256 = Sha256(bytes);

        var blob = await _store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(bytes.Length, sha256, null), "artifact-9", default);

        var stored = Path.Combine(_folder.Path, blob.RelativePath);
        (await File.ReadAllBytesAsync(stored)).ShouldBe(bytes);
        if (!OperatingSystem.IsWindows())
        {
            File.GetUnixFileMode(stored).ShouldBe(UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }

        Directory.EnumerateFiles(Path.Combine(_folder.Path, "temp")).ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_store_folders_are_deleted_while_it_runs_Should_make_them_again()
    {
        var first = RandomNumberGenerator.GetBytes(1_000);
        await _store.StoreAsync(new MemoryStream(first), new ExpectedContent(first.Length, Sha256(first), null), "first", default);
        Directory.Delete(Path.Combine(_folder.Path, "temp"), recursive: true);
        Directory.Delete(Path.Combine(_folder.Path, "blobs"), recursive: true);
        var second = RandomNumberGenerator.GetBytes(1_000);

        var blob = await _store.StoreAsync(new MemoryStream(second), new ExpectedContent(second.Length, Sha256(second), null), "second", default);

        (await File.ReadAllBytesAsync(Path.Combine(_folder.Path, blob.RelativePath))).ShouldBe(second);
        _store.Contains(Sha256(first)).ShouldBeFalse();
    }

    [Fact]
    public async Task When_many_blobs_are_stored_at_once_into_missing_folders_Should_store_every_one()
    {
        // Moves that all find the blobs' folder missing race to make it; a loser must retry, whatever error the
        // runtime chose for its failed move (a missing folder, or, once the folder exists, a "missing" source file).
        for (var round = 0; round < 300; round++)
        {
            foreach (var folder in new[] { "temp", "blobs" }.Select(f => Path.Combine(_folder.Path, f)).Where(Directory.Exists))
            {
                Directory.Delete(folder, recursive: true);
            }

            var contents = Enumerable.Range(0, 8).Select(_ => RandomNumberGenerator.GetBytes(100)).ToList();

            var blobs = await Task.WhenAll(contents.Select(bytes => Task.Run(() =>
                _store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(bytes.Length, Sha256(bytes), null), $"many-{Sha256(bytes)}", default))));

            blobs.Select(b => b.Sha256).ShouldBe(contents.Select(Sha256), ignoreOrder: true);
            contents.ShouldAllBe(bytes => _store.Contains(Sha256(bytes)));
        }
    }

    private static string Sha256(byte[] bytes) => Convert.ToHexStringLower(SHA256.HashData(bytes));
}

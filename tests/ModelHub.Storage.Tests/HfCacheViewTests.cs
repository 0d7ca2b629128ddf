using System.Security.Cryptography;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Repositories;
using ModelHub.Storage.CacheView;
using ModelHub.TestSupport;

namespace ModelHub.Storage.Tests;

public sealed class HfCacheViewTests : IDisposable
{
    private const string Commit = "0123456789abcdef0123456789abcdef01234567";
    private const string Folder = "models--org--name";

    private readonly TempFolder _folder = new("modelhub-view-");
    private readonly BlobStore _store;

    public HfCacheViewTests() => _store = new BlobStore(Options.Create(new StoreOptions { Root = Path.Combine(_folder.Path, "store") }));

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task When_a_stored_file_is_added_Should_link_its_snapshot_path_to_a_hard_link_of_the_stores_blob()
    {
        var view = ViewAt(Path.Combine(_folder.Path, "view"));
        var (sha256, bytes) = await StoreAsync(1_000);

        view.Add(new ViewFile(RepoType.Model, "org/name", Commit, "weights/deep/model.bin", sha256, sha256)).ShouldBeTrue();

        var snapshot = Path.Combine(view.Root!, Folder, "snapshots", Commit, "weights", "deep", "model.bin");
        new FileInfo(snapshot).LinkTarget.ShouldBe($"../../../../blobs/{sha256}");
        (await File.ReadAllBytesAsync(snapshot)).ShouldBe(bytes);
        var blob = new FileInfo(Path.Combine(view.Root!, Folder, "blobs", sha256));
        blob.LinkTarget.ShouldBeNull("on the store's file system the blob is a hard link, no second copy");
        (await InodeAsync(blob.FullName)).ShouldBe(await InodeAsync(_store.BlobPath(sha256)));
        Directory.Exists(Path.Combine(view.Root!, Folder, "refs")).ShouldBeTrue("the clients' cache tools want refs/ in every repository folder");
        Directory.EnumerateFiles(Path.Combine(view.Root!, Folder, "blobs"), "*.incomplete").ShouldBeEmpty();
    }

    [Fact]
    public async Task When_the_view_is_on_another_file_system_Should_link_the_stores_blob_by_a_relative_symbolic_link()
    {
        // /dev/shm is a memory file system: no hard link reaches the store from there.
        var shm = Directory.CreateDirectory(Path.Combine("/dev/shm", $"modelhub-view-{Guid.NewGuid():N}")).FullName;
        try
        {
            var view = ViewAt(shm);
            var (sha256, bytes) = await StoreAsync(500);

            view.Add(new ViewFile(RepoType.Dataset, "org/name", Commit, "data.bin", sha256, sha256)).ShouldBeTrue();

            var blob = new FileInfo(Path.Combine(shm, "datasets--org--name", "blobs", sha256));
            blob.LinkTarget.ShouldNotBeNull();
            Path.IsPathRooted(blob.LinkTarget).ShouldBeFalse();
            (await File.ReadAllBytesAsync(Path.Combine(shm, "datasets--org--name", "snapshots", Commit, "data.bin"))).ShouldBe(bytes);
        }
        finally
        {
            Directory.Delete(shm, recursive: true);
        }
    }

    [Fact]
    public async Task When_a_path_would_leave_the_snapshot_Should_refuse_it_and_write_nothing_outside()
    {
        var view = ViewAt(Path.Combine(_folder.Path, "view"));
        var (sha256, _) = await StoreAsync(100);

        foreach (var path in new[] { "../../../escape", "/etc/passwd", "a//b", "a/./b" })
        {
            Should.Throw<ArgumentException>(() => view.Add(new ViewFile(RepoType.Model, "org/name", Commit, path, sha256, sha256)), path);
        }

        Should.Throw<ArgumentException>(() => view.Add(new ViewFile(RepoType.Model, "../org/name", Commit, "a", sha256, sha256)));
        Should.Throw<ArgumentException>(() => view.Add(new ViewFile(RepoType.Model, "org/name", "../" + Commit[3..], "a", sha256, sha256)));
        Should.Throw<ArgumentException>(() => view.Add(new ViewFile(RepoType.Model, "org/name", Commit, "a", "../x", sha256)));
        Directory.EnumerateFileSystemEntries(_folder.Path).Select(Path.GetFileName).ShouldBe(["store"], "refused before anything is written, the view's folder too");
    }

    [Fact]
    public async Task When_a_stores_blob_is_gone_Should_add_nothing()
    {
        var view = ViewAt(Path.Combine(_folder.Path, "view"));
        var (sha256, _) = await StoreAsync(100);
        File.Delete(_store.BlobPath(sha256));

        view.Add(new ViewFile(RepoType.Model, "org/name", Commit, "a.bin", sha256, sha256)).ShouldBeFalse();

        Directory.Exists(Path.Combine(view.Root!, Folder)).ShouldBeFalse("a repository appears with its first stored file");
    }

    [Fact]
    public async Task When_files_are_removed_Should_take_their_links_and_blob_and_the_folders_they_emptied_but_keep_the_snapshot()
    {
        var view = ViewAt(Path.Combine(_folder.Path, "view"));
        var (sha256, _) = await StoreAsync(100);
        var (other, _) = await StoreAsync(200);
        var files = new[] { "a/b/c.bin", "a/copy.bin" }.Select(p => new ViewFile(RepoType.Model, "org/name", Commit, p, sha256, sha256)).ToList();
        var kept = new ViewFile(RepoType.Model, "org/name", Commit, "kept.bin", other, other);
        foreach (var file in files.Append(kept))
        {
            view.Add(file);
        }

        view.Remove(files);

        var snapshot = Path.Combine(view.Root!, Folder, "snapshots", Commit);
        Directory.EnumerateFileSystemEntries(snapshot, "*", SearchOption.AllDirectories).Select(Path.GetFileName).ShouldBe(["kept.bin"]);
        File.Exists(Path.Combine(view.Root!, Folder, "blobs", sha256)).ShouldBeFalse();
        File.Exists(Path.Combine(view.Root!, Folder, "blobs", other)).ShouldBeTrue();
        File.Exists(_store.BlobPath(sha256)).ShouldBeTrue("the view lets go of its names only");
    }

    [Fact]
    public void When_refs_are_set_Should_write_each_moved_one_and_its_snapshot_folder_and_drop_the_others()
    {
        var view = ViewAt(Path.Combine(_folder.Path, "view"));
        var next = new string('f', 40);
        view.SetRefs(RepoType.Model, "org/name", new Dictionary<string, string> { ["main"] = Commit, ["refs/pr/1"] = Commit, ["v1"] = Commit });

        view.SetRefs(RepoType.Model, "org/name", new Dictionary<string, string> { ["main"] = next, ["refs/pr/1"] = Commit, [Commit] = Commit });

        var refs = Path.Combine(view.Root!, Folder, "refs");
        File.ReadAllText(Path.Combine(refs, "main")).ShouldBe(next);
        File.ReadAllText(Path.Combine(refs, "refs", "pr", "1")).ShouldBe(Commit);
        File.Exists(Path.Combine(refs, "v1")).ShouldBeFalse();
        File.Exists(Path.Combine(refs, Commit)).ShouldBeFalse("a commit is no ref");
        Directory.Exists(Path.Combine(view.Root!, Folder, "snapshots", next)).ShouldBeTrue();
    }

    [Fact]
    public async Task When_walked_entries_are_deleted_Should_take_links_before_blobs_and_a_folder_left_with_no_file()
    {
        var view = ViewAt(Path.Combine(_folder.Path, "view"));
        var (sha256, _) = await StoreAsync(100);
        view.Add(new ViewFile(RepoType.Model, "org/name", Commit, "x/a.bin", sha256, sha256));
        File.WriteAllText(Path.Combine(view.Root!, Folder, "blobs", ".left.incomplete"), "x");
        Directory.CreateDirectory(Path.Combine(view.Root!, ".locks"));

        var found = view.Walk().ToList();

        found.Select(e => (e.Kind, e.RelativePath)).Order().ShouldBe(new[]
        {
            (ViewEntryKind.SnapshotLink, $"snapshots/{Commit}/x/a.bin"),
            (ViewEntryKind.Blob, $"blobs/{sha256}"),
            (ViewEntryKind.Stray, "blobs/.left.incomplete"),
        }.Order());
        view.Delete(found).ShouldBe(3);
        Directory.Exists(Path.Combine(view.Root!, Folder)).ShouldBeFalse();
        Directory.Exists(Path.Combine(view.Root!, ".locks")).ShouldBeTrue("a name that is no repository folder is not the view's");
    }

    private HfCacheView ViewAt(string folder) => new(_store, Options.Create(new CacheViewOptions { Folder = folder }));

    private async Task<(string Sha256, byte[] Bytes)> StoreAsync(int size)
    {
        var bytes = RandomNumberGenerator.GetBytes(size);
        var sha256 = Convert.ToHexStringLower(SHA256.HashData(bytes));
        await _store.StoreAsync(new MemoryStream(bytes), new ExpectedContent(bytes.Length, sha256, null), $"t{sha256[..8]}", default);
        return (sha256, bytes);
    }

    private static async Task<string> InodeAsync(string path) => (await ExternalProcess.RunCheckedAsync("stat", "-c", "%i", path)).Output.Trim();
}

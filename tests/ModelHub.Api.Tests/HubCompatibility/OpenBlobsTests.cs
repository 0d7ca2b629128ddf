using System.Text;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Win32.SafeHandles;
using ModelHub.Api.HubCompatibility.Files;
using ModelHub.Storage;
using ModelHub.TestSupport;

namespace ModelHub.Api.Tests.HubCompatibility;

/// <summary>The blob handles kept open between requests are read only while the blob's path names their file.</summary>
public sealed class OpenBlobsTests : IDisposable
{
    private const string Sha256 = "aa11bb22cc33dd44ee55ff6600112233445566778899aabbccddeeff00112233";

    private readonly TempFolder _folder = new("modelhub-open-blobs-");
    private readonly FakeTimeProvider _clock = new();
    private readonly BlobStore _store;
    private readonly OpenBlobs _blobs;

    public OpenBlobsTests()
    {
        _store = new BlobStore(Options.Create(new StoreOptions { Root = _folder.Path }));
        _blobs = new OpenBlobs(_store, _clock);
    }

    public void Dispose()
    {
        _blobs.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public void When_a_blob_is_read_again_Should_lend_the_handle_kept_from_the_first_read()
    {
        Write("first");

        SafeFileHandle first, second;
        using (var lease = _blobs.Open(Sha256).ShouldNotBeNull())
        {
            first = lease.Handle;
        }

        using (var lease = _blobs.Open(Sha256).ShouldNotBeNull())
        {
            second = lease.Handle;
            Read(lease).ShouldBe("first");
        }

        second.ShouldBeSameAs(first);
        first.IsClosed.ShouldBeFalse();
    }

    [Fact]
    public void When_the_blob_was_deleted_since_Should_find_nothing_and_close_the_kept_handle()
    {
        Write("first");
        SafeFileHandle kept;
        using (var lease = _blobs.Open(Sha256).ShouldNotBeNull())
        {
            kept = lease.Handle;
        }

        File.Delete(_store.BlobPath(Sha256));

        _blobs.Open(Sha256).ShouldBeNull();
        kept.IsClosed.ShouldBeTrue("a deleted blob's space must not be held by a handle nobody reads");
    }

    [Fact]
    public void When_another_file_took_the_blobs_path_Should_read_that_file_not_the_kept_one()
    {
        Write("first");
        _blobs.Open(Sha256)!.Dispose();

        // A blob quarantined (moved away) and stored again: same path, another file.
        File.Move(_store.BlobPath(Sha256), Path.Combine(_folder.Path, "quarantined"));
        Write("again");

        using var lease = _blobs.Open(Sha256).ShouldNotBeNull();
        Read(lease).ShouldBe("again");
    }

    [Fact]
    public void When_the_kept_handle_is_replaced_during_a_read_Should_let_that_read_finish()
    {
        Write("first");
        using var reading = _blobs.Open(Sha256).ShouldNotBeNull();
        File.Move(_store.BlobPath(Sha256), Path.Combine(_folder.Path, "quarantined"));
        Write("again");

        _blobs.Open(Sha256)!.Dispose();

        reading.Handle.IsClosed.ShouldBeFalse();
        Read(reading).ShouldBe("first");
    }

    [Fact]
    public void When_a_kept_handle_is_idle_for_a_while_Should_close_it()
    {
        Write("first");
        SafeFileHandle kept;
        using (var lease = _blobs.Open(Sha256).ShouldNotBeNull())
        {
            kept = lease.Handle;
            _clock.Advance(OpenBlobs.IdleFor * 2);
            kept.IsClosed.ShouldBeFalse("a lent handle stays open");
        }

        _clock.Advance(OpenBlobs.IdleFor * 2);

        kept.IsClosed.ShouldBeTrue();
        _blobs.KeptCount.ShouldBe(0);
    }

    [Fact]
    public void When_more_blobs_are_read_than_are_kept_Should_close_the_others_after_their_read()
    {
        var names = Enumerable.Range(0, OpenBlobs.MaxKept + 1).Select(i => $"{i:x64}").ToList();
        foreach (var name in names)
        {
            Write("x", name);
        }

        var handles = names.Select(name =>
        {
            using var lease = _blobs.Open(name).ShouldNotBeNull();
            return lease.Handle;
        }).ToList();

        _blobs.KeptCount.ShouldBe(OpenBlobs.MaxKept);
        handles[^1].IsClosed.ShouldBeTrue();
        handles[0].IsClosed.ShouldBeFalse();
    }

    private void Write(string content, string sha256 = Sha256)
    {
        var path = _store.BlobPath(sha256);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, content);
    }

    private static string Read(BlobLease lease)
    {
        var buffer = new byte[16];
        var read = RandomAccess.Read(lease.Handle, buffer, 0);
        return Encoding.UTF8.GetString(buffer, 0, read);
    }
}

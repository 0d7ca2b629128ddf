using Microsoft.Win32.SafeHandles;
using ModelHub.TestSupport;

namespace ModelHub.Storage.Tests;

public sealed class GroupFlushTests : IDisposable
{
    private readonly TempFolder _folder = new("modelhub-flush-");
    private readonly List<SafeFileHandle> _files = [];

    public void Dispose()
    {
        _files.ForEach(f => f.Dispose());
        _folder.Dispose();
    }

    [Fact]
    public async Task When_writers_arrive_while_a_sync_runs_Should_cover_them_all_with_the_next_one()
    {
        var first = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var synced = new List<SafeFileHandle>();
        var started = new SemaphoreSlim(0);
        var flush = new GroupFlush(file =>
        {
            int count;
            lock (synced)
            {
                synced.Add(file);
                count = synced.Count;
            }

            started.Release();
            if (count == 1)
            {
                first.Task.Wait();
            }

            return true;
        });
        var (a, b, c, d) = (File("a"), File("b"), File("c"), File("d"));

        var flushingA = flush.FlushAsync(a);
        (await started.WaitAsync(TimeSpan.FromSeconds(10))).ShouldBeTrue();
        // A's sync is running: B, C and D join the next round (each joins before FlushAsync returns).
        var others = new[] { flush.FlushAsync(b), flush.FlushAsync(c), flush.FlushAsync(d) };
        others.ShouldAllBe(t => !t.IsCompleted);
        first.SetResult();
        await Task.WhenAll([flushingA, .. others]).WaitAsync(TimeSpan.FromSeconds(10));

        synced.ShouldBe([a, b]);
    }

    [Fact]
    public async Task When_a_writer_comes_after_the_last_sync_ended_Should_start_one_of_its_own()
    {
        var syncs = 0;
        var flush = new GroupFlush(_ => Interlocked.Increment(ref syncs) > 0);

        await flush.FlushAsync(File("a")).WaitAsync(TimeSpan.FromSeconds(10));
        await flush.FlushAsync(File("b")).WaitAsync(TimeSpan.FromSeconds(10));

        syncs.ShouldBe(2);
    }

    [Fact]
    public async Task When_the_sync_fails_Should_have_each_writer_flush_its_own_file()
    {
        var flush = new GroupFlush(_ => false);
        var open = File("open");
        var closed = File("closed");
        closed.Dispose();

        await flush.FlushAsync(open).WaitAsync(TimeSpan.FromSeconds(10));
        // The writer's own flush meets its own file: a closed handle is its error, not the group's.
        await Should.ThrowAsync<ObjectDisposedException>(flush.FlushAsync(closed));
    }

    [Fact]
    public async Task When_the_sync_throws_Should_have_each_writer_flush_its_own_file()
    {
        var flush = new GroupFlush(_ => throw new IOException("EIO"));
        var closed = File("closed");
        closed.Dispose();

        await Should.ThrowAsync<ObjectDisposedException>(flush.FlushAsync(closed));
    }

    [Fact]
    public async Task When_many_writers_flush_through_the_file_systems_own_sync_Should_all_return()
    {
        var flush = new GroupFlush();
        var files = Enumerable.Range(0, 64).Select(i => File($"f{i}")).ToList();
        foreach (var file in files)
        {
            RandomAccess.Write(file, "bytes"u8, 0);
        }

        await Task.WhenAll(files.Select(f => Task.Run(() => flush.FlushAsync(f)))).WaitAsync(TimeSpan.FromSeconds(30));
    }

    private SafeFileHandle File(string name)
    {
        var handle = System.IO.File.OpenHandle(Path.Combine(_folder.Path, name), FileMode.CreateNew, FileAccess.ReadWrite);
        _files.Add(handle);
        return handle;
    }
}

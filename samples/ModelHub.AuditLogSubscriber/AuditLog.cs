using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using ModelHub.Contracts.Downloads;

namespace ModelHub.AuditLogSubscriber;

/// <summary>
/// A JSON-lines file with one line per <see cref="ArtifactDownloaded"/>: the event's fields plus
/// <c>messageId</c> and <c>receivedAt</c>. One writer at a time, each line flushed. Delivery is
/// at-least-once, so the message ids already written (the newest ones, read back from the file when
/// it is opened) are remembered and a redelivered message writes nothing.
/// </summary>
public sealed class AuditLog(IOptions<AuditLogOptions> options, TimeProvider time) : IAsyncDisposable
{
    // camelCase like the message on the wire; no \u002B for the '+' of an offset, for people who read the file.
    private static readonly JsonSerializerOptions _json = new(JsonSerializerDefaults.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly HashSet<Guid> _written = [];
    private readonly Queue<Guid> _writtenOrder = new();
    private StreamWriter? _file;

    /// <returns>False when <paramref name="messageId"/> is already in the file.</returns>
    public async Task<bool> AppendAsync(Guid? messageId, ArtifactDownloaded message, CancellationToken cancellationToken)
    {
        await _writer.WaitAsync(cancellationToken);
        try
        {
            _file ??= await OpenAsync(cancellationToken);
            if (messageId is { } seen && _written.Contains(seen))
            {
                return false;
            }

            var line = JsonSerializer.SerializeToNode(message, _json)!.AsObject();
            line.Insert(0, "messageId", messageId);
            line.Insert(1, "receivedAt", time.GetUtcNow());

            // Not cancellable: a line is written whole, and remembered only once it is.
            await _file.WriteLineAsync(line.ToJsonString(_json));
            await _file.FlushAsync(CancellationToken.None);
            if (messageId is { } written)
            {
                Remember(written);
            }

            return true;
        }
        finally
        {
            _writer.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_file is not null)
        {
            await _file.DisposeAsync();
        }

        _writer.Dispose();
    }

    private async Task<StreamWriter> OpenAsync(CancellationToken cancellationToken)
    {
        var path = Path.GetFullPath(options.Value.Path);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var tornLastLine = false;
        if (File.Exists(path))
        {
            await foreach (var line in File.ReadLinesAsync(path, cancellationToken))
            {
                if (MessageIdOf(line) is { } id)
                {
                    Remember(id);
                }
            }

            tornLastLine = !EndsWithNewLine(path);
        }

        var file = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read)) { NewLine = "\n" };
        if (tornLastLine)
        {
            // A crash mid-line left half a line: end it, so that the next event gets a line of its own.
            await file.WriteLineAsync();
        }

        return file;
    }

    private void Remember(Guid id)
    {
        if (!_written.Add(id))
        {
            return;
        }

        _writtenOrder.Enqueue(id);
        if (_writtenOrder.Count > options.Value.RememberedIds)
        {
            _written.Remove(_writtenOrder.Dequeue());
        }
    }

    private static Guid? MessageIdOf(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.TryGetProperty("messageId", out var id) && id.TryGetGuid(out var value) ? value : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool EndsWithNewLine(string path)
    {
        using var handle = File.OpenHandle(path);
        var length = RandomAccess.GetLength(handle);
        Span<byte> last = stackalloc byte[1];
        return length == 0 || (RandomAccess.Read(handle, last, length - 1) == 1 && last[0] == (byte)'\n');
    }
}

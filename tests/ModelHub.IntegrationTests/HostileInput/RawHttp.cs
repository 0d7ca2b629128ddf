using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace ModelHub.IntegrationTests.HostileInput;

/// <summary>What came back: the status, the headers (names lower-cased) and the first bytes of the body.</summary>
public sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, string Body)
{
    public string? ContentType => Headers.GetValueOrDefault("content-type");

    public override string ToString() => $"{Status} {ContentType} {Body[..Math.Min(Body.Length, 300)]}";
}

/// <summary>
/// HTTP/1.1 over a bare socket, so a request target reaches the server exactly as written: HttpClient
/// (System.Uri) would resolve <c>..</c>, unescape <c>%2e</c> and refuse what a hostile client sends anyway.
/// Reads the status, the headers and at most <see cref="MaxBody"/> bytes of the body, then hangs up
/// (an event stream never ends by itself).
/// </summary>
public sealed class RawHttp(Uri server)
{
    private const int MaxBody = 16 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(45);

    public async Task<RawResponse> SendAsync(
        string method, string target, string? body = null, string contentType = "application/json", long? declaredLength = null,
        IReadOnlyDictionary<string, string>? headers = null)
    {
        var content = body is null ? [] : Encoding.UTF8.GetBytes(body);
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {server.Authority}\r\n")
            .Append("Connection: close\r\n");
        if (body is not null || declaredLength is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n")
                .Append(CultureInfo.InvariantCulture, $"Content-Length: {declaredLength ?? content.Length}\r\n");
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            head.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
        }

        // As an operator with an admin key, so hostile bodies reach the handlers instead of stopping at the 401.
        if (headers?.ContainsKey("Authorization") != true)
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: Bearer {ApiFactory.AdminKey}\r\n");
        }

        head.Append("\r\n");

        using var timeout = new CancellationTokenSource(Timeout);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.Host, server.Port, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);
        try
        {
            // Latin-1: a target may carry raw bytes (NUL, 0xFF) that UTF-8 would turn into something else.
            await stream.WriteAsync(Encoding.Latin1.GetBytes(head.ToString()), timeout.Token);
            await stream.WriteAsync(content, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer (413, 400) and hang up before it has read all we send: read its answer.
        }

        return await ReadAsync(stream, method, timeout.Token);
    }

    private static async Task<RawResponse> ReadAsync(NetworkStream network, string method, CancellationToken cancellationToken)
    {
        var received = new MemoryStream();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await ReadSomeAsync(network, buffer, cancellationToken);
            if (read == 0)
            {
                throw new IOException($"The server hung up without an answer (received: '{Encoding.Latin1.GetString(received.ToArray())}').");
            }

            received.Write(buffer, 0, read);
        }

        var all = received.ToArray();
        var lines = Encoding.Latin1.GetString(all, 0, headerEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }

        var body = new MemoryStream();
        body.Write(all, headerEnd + 4, all.Length - headerEnd - 4);
        var length = headers.TryGetValue("content-length", out var declared) ? long.Parse(declared, CultureInfo.InvariantCulture) : long.MaxValue;
        var eventStream = headers.GetValueOrDefault("content-type")?.StartsWith("text/event-stream", StringComparison.Ordinal) == true;
        if (method != "HEAD" && status is not (204 or 304) && !eventStream)
        {
            while (body.Length < Math.Min(length, MaxBody))
            {
                var read = await ReadSomeAsync(network, buffer, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                body.Write(buffer, 0, read);
            }
        }

        return new RawResponse(status, headers, Encoding.UTF8.GetString(body.ToArray()));
    }

    private static async Task<int> ReadSomeAsync(NetworkStream stream, byte[] buffer, CancellationToken cancellationToken)
    {
        try
        {
            return await stream.ReadAsync(buffer, cancellationToken);
        }
        catch (IOException)
        {
            return 0;
        }
    }

    private static int IndexOfHeaderEnd(MemoryStream received) =>
        received.GetBuffer().AsSpan(0, (int)received.Length).IndexOf("\r\n\r\n"u8);
}

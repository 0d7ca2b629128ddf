using System.Text.Json.Nodes;
using ModelHub.Contracts.Downloads;

namespace ModelHub.AuditLogSubscriber.Tests;

/// <summary>A temporary audit log file, and events to put in it.</summary>
internal sealed class AuditFile : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("modelhub-audit-").FullName;

    public string Path => System.IO.Path.Combine(_directory, "audit", "artifact-downloaded.jsonl");

    /// <summary>The lines written so far, parsed; read while the subscriber may still hold the file open.</summary>
    public List<JsonObject> Lines()
    {
        if (!File.Exists(Path))
        {
            return [];
        }

        using var reader = new StreamReader(new FileStream(Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        return reader.ReadToEnd()
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => JsonNode.Parse(line)!.AsObject())
            .ToList();
    }

    public static ArtifactDownloaded Event(string path = "model-00001-of-00002.safetensors", bool deduplicated = false)
    {
        var sha256 = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(path)));
        return new ArtifactDownloaded
        {
            JobId = Guid.NewGuid(),
            ArtifactId = Guid.NewGuid(),
            RepositoryId = Guid.NewGuid(),
            RepoType = "model",
            RepoId = "Wan-AI/Wan2.1-T2V-1.3B",
            Commit = "63594457d4e0fc97716dd72894a4e73d80949d92",
            Path = path,
            Sha256 = sha256,
            Size = 4_993_371_632,
            StoredPath = $"blobs/sha256/{sha256}",
            Deduplicated = deduplicated,
            DownloadedAt = new DateTimeOffset(2026, 11, 28, 18, 9, 44, TimeSpan.Zero),
        };
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

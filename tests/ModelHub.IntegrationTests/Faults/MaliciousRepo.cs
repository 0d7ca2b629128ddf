using System.Security.Cryptography;
using System.Text;
using ModelHub.IntegrationTests.HostileInput;
using ModelHub.UpstreamSimulator.Catalog;
using ModelHub.UpstreamSimulator.Faults;

namespace ModelHub.IntegrationTests.Faults;

/// <summary>
/// <c>sim/malicious</c>: a listing that mixes paths a mirror must refuse with good files, files whose
/// names only look dangerous, and the files the fault knobs turn against the mirror.
/// </summary>
public static class MaliciousRepo
{
    public const string Id = "sim/malicious";

    /// <summary>Below the sync's small-file limit: the sync fetches it.</summary>
    public const string SmallVictim = "small/victim.bin";

    /// <summary>A download job, fetched in one stream (1.5 MiB).</summary>
    public const string Weight = "weights/model.safetensors";

    /// <summary>A download job, fetched in 1 MiB ranges over several connections (5 MiB).</summary>
    public const string Shard = "weights/shard.safetensors";

    public const string Readme = "# Malicious\n\nA listing that tries to make the mirror write where it must not.\n";

    private const string Canary = HostileGen.Canary;

    /// <summary>Paths the sync must refuse; each names the canary, so a file made from one would be found.</summary>
    public static IReadOnlyList<string> HostilePaths { get; } =
    [
        $"../{Canary}-up", $"a/../../{Canary}-b", $"/{Canary}-abs", $"a\\{Canary}-backslash", $"..\\..\\{Canary}-windows",
        $"C:/{Canary}-drive", $"nul\0{Canary}", $"./{Canary}-dot", $"a//{Canary}-empty", $"{Canary}-trailing/",
        new string('n', 300) + Canary, string.Join('/', Enumerable.Repeat("deep", 210)) + "/" + Canary,
    ];

    public static string ReadmeSha256 => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(Readme)));

    /// <summary>Plain names inside the repository that look like a way out of it, or like a blob of the store.</summary>
    public static IReadOnlyList<string> SafeLookalikes { get; } = ["%2e%2e/encoded-dots.txt", "..%2f..%2fencoded-slash.txt", $"blobs/sha256/{ReadmeSha256}"];

    /// <summary>Every file the mirror should record: the good ones, the lookalikes and the victims.</summary>
    public static IReadOnlyList<string> SafePaths { get; } =
        ["README.md", "config.json", "notes/ok.md", SmallVictim, Weight, Shard, .. SafeLookalikes];

    /// <summary>(Re)creates the repository in <paramref name="catalog"/>, with no fault set.</summary>
    public static SimRepo AddTo(RepoCatalog catalog) => catalog.AddRepo(Id, b =>
    {
        b.Text("README.md", Readme)
            .Text("config.json", "{\n  \"model_type\": \"malicious\"\n}\n")
            .Text("notes/ok.md", "An ordinary file.\n")
            .Generated(SmallVictim, 200 * 1024, lfs: false)
            .Generated(Weight, 1536 * 1024)
            .Generated(Shard, 5 * 1024 * 1024);
        foreach (var path in SafeLookalikes)
        {
            // The one named like README's blob holds other bytes: joined to the store's root, it would poison that blob.
            b.Text(path, $"Only a name: {path}\n");
        }

        foreach (var path in HostilePaths)
        {
            b.Text(path, "A mirror must not write this anywhere.\n");
        }
    });

    /// <summary>Turns <paramref name="knobs"/> against their file, as <paramref name="fault"/> names.</summary>
    public static void Apply(this FaultKnobs knobs, string fault)
    {
        switch (fault)
        {
            case "wrong bytes":
                knobs.CorruptedBodies = int.MaxValue;
                break;
            case "truncated body":
                (knobs.TruncatedBodies, knobs.TruncateAfterBytes) = (int.MaxValue, 64 * 1024);
                break;
            case "stalled body":
                (knobs.StalledBodies, knobs.StallAfterBytes) = (int.MaxValue, 64 * 1024);
                break;
            case "stalled at once":
                (knobs.StalledBodies, knobs.StallAfterBytes) = (int.MaxValue, 0);
                break;
            case "stalled once":
                (knobs.StalledBodies, knobs.StallAfterBytes) = (1, 64 * 1024);
                break;
            case "trickle":
                knobs.BytesPerSecond = 64;
                break;
            case "oversize body":
                (knobs.OversizeBodies, knobs.OversizeExtraBytes) = (int.MaxValue, 64 * 1024);
                break;
            case "oversize announced":
                (knobs.OversizeBodies, knobs.OversizeExtraBytes, knobs.OversizeAnnounced) = (int.MaxValue, 64 * 1024, true);
                break;
            case "endless body":
                (knobs.OversizeBodies, knobs.OversizeExtraBytes) = (int.MaxValue, long.MaxValue);
                break;
            case "endless slow body":
                (knobs.OversizeBodies, knobs.OversizeExtraBytes, knobs.BytesPerSecond) = (int.MaxValue, long.MaxValue, 64);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fault), fault, "no such fault");
        }
    }
}

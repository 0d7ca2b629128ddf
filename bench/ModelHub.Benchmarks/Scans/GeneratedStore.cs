using System.Buffers;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;

namespace ModelHub.Benchmarks.Scans;

/// <summary>A file the benchmark wrote into <c>blobs/sha256/</c>, named by the SHA-256 of its bytes.</summary>
internal sealed record GeneratedBlob(string Path, string Sha256, long Size);

/// <summary>A file to write: its kind in the mix and its size.</summary>
internal sealed record PlannedFile(string Kind, long Size);

/// <summary>
/// Fills a store's <c>blobs/sha256/</c> with pseudo-random files in the size mix of a model
/// mirror: about three quarters of the bytes in weights of 512 MiB–1 GiB, a fifth in shards and
/// adapters of 4–64 MiB, the rest in many small files (configs, tokenizers, READMEs) of 200 B–4 MiB.
/// Each file is hashed while it is written (one 1 MiB buffer, SplitMix64 bytes) and then moved to its name.
/// </summary>
internal static class GeneratedStore
{
    private const int BufferBytes = 1 << 20;
    private const int Seed = 1;

    private static readonly (string Kind, double Share, long Min, long Max)[] Mix =
    [
        ("weights", 0.75, 512L << 20, 1L << 30),
        ("shards", 0.20, 4L << 20, 64L << 20),
        ("small", 0.05, 200, 4L << 20),
    ];

    /// <summary>The files, their sizes summing to <paramref name="totalBytes"/>; the same for the same total.</summary>
    public static List<PlannedFile> Plan(long totalBytes)
    {
        var random = new Random(Seed);
        var plan = new List<PlannedFile>();
        var planned = 0L;
        for (var i = 0; i < Mix.Length; i++)
        {
            var (kind, share, min, max) = Mix[i];
            var budget = i == Mix.Length - 1 ? totalBytes - planned : (long)(totalBytes * share);
            while (budget > 0)
            {
                // The small files' sizes are spread log-uniformly: most are a few kB, a few are MBs.
                var size = i == Mix.Length - 1
                    ? (long)Math.Exp(Math.Log(min) + (random.NextDouble() * (Math.Log(max) - Math.Log(min))))
                    : random.NextInt64(min, max + 1);
                size = Math.Min(size, budget);
                var rest = budget - size;
                if (rest > 0 && rest < min)
                {
                    // No leftover smaller than the kind's smallest file: take it all, or leave exactly the smallest.
                    size = budget <= max ? budget : budget - min;
                }

                plan.Add(new PlannedFile(kind, size));
                budget -= size;
                planned += size;
            }
        }

        return plan;
    }

    public static string Describe(IReadOnlyList<PlannedFile> plan) =>
        $"{plan.Count} files: " + string.Join(", ", plan.GroupBy(f => f.Kind).Select(g =>
            $"{g.Count()} {g.Key} of {Human(g.Min(f => f.Size))}–{Human(g.Max(f => f.Size))} ({Human(g.Sum(f => f.Size))})"));

    /// <summary>
    /// Writes the files through <c>temp/</c> into <c>blobs/sha256/</c>, adding each to <paramref name="written"/>
    /// once it has its name (so that a failed run still deletes what it wrote); returns the seconds it took.
    /// </summary>
    public static double Write(string store, IReadOnlyList<PlannedFile> plan, List<GeneratedBlob> written)
    {
        var blobs = Directory.CreateDirectory(Path.Combine(store, "blobs", "sha256")).FullName;
        var temp = Directory.CreateDirectory(Path.Combine(store, "temp")).FullName;
        var buffer = ArrayPool<byte>.Shared.Rent(BufferBytes);
        var state = (ulong)Seed;
        var clock = Stopwatch.StartNew();
        try
        {
            for (var i = 0; i < plan.Count; i++)
            {
                var part = Path.Combine(temp, $"bench-scan-{i}");
                string target;
                try
                {
                    using (var file = new FileStream(part, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0))
                    using (var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256))
                    {
                        for (var left = plan[i].Size; left > 0;)
                        {
                            var chunk = buffer.AsSpan(0, (int)Math.Min(left, BufferBytes));
                            Fill(buffer.AsSpan(0, BufferBytes), ref state);
                            hash.AppendData(chunk);
                            file.Write(chunk);
                            left -= chunk.Length;
                        }

                        target = Path.Combine(blobs, Convert.ToHexStringLower(hash.GetHashAndReset()));
                    }

                    File.Move(part, target, overwrite: false);
                }
                catch
                {
                    File.Delete(part);
                    throw;
                }

                written.Add(new GeneratedBlob(target, Path.GetFileName(target), plan[i].Size));
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }

        return clock.Elapsed.TotalSeconds;
    }

    private static string Human(long bytes) => bytes switch
    {
        < 1 << 10 => $"{bytes} B",
        < 1 << 20 => string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024.0:F0} KiB"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):F0} MiB"),
    };

    // SplitMix64: a few multiplications per 8 bytes, far faster than the disk or SHA-256.
    private static void Fill(Span<byte> buffer, ref ulong state)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(buffer);
        for (var i = 0; i < words.Length; i++)
        {
            state += 0x9E3779B97F4A7C15;
            var z = state;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
            words[i] = z ^ (z >> 31);
        }
    }
}

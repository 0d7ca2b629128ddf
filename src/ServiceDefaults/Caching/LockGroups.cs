using System.Globalization;
using Medallion.Threading.Postgres;
using Npgsql;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>
/// Many locks of <see cref="FailoverLockProvider"/>'s kind taken in one PostgreSQL round trip, none waited for: for work
/// made of many short pieces (a snapshot batch's small files), where a lock request per piece cost more than the piece.
/// <para>
/// Each name is the very PostgreSQL advisory lock a <see cref="FailoverLockProvider"/> lock of that name holds, so the two
/// exclude each other. A group holds PostgreSQL only, the lock that guarantees exclusion, and never waits: an acquirer of
/// one of its names, queued in Redis, waits in PostgreSQL as it would behind a holder in PostgreSQL mode, and no one can
/// wait for a group that waits for them. A name the group did not get (another worker holds it) is the caller's to
/// lock alone, waiting as usual. The locks live on a connection of the group's own, idle between its two statements:
/// released together when the group is disposed, and by PostgreSQL with the session when the process dies and its
/// connection closes.
/// </para>
/// </summary>
public sealed class LockGroups(NpgsqlDataSource postgres) : IAsyncDisposable
{
    /// <summary>
    /// The library maps a name of more than this many characters to one 64-bit key by hashing (shorter ones may be
    /// read as an ASCII or hex key instead); every lock of <see cref="LockNames"/> is longer.
    /// </summary>
    private const int ShortestHashedName = 18;

    /// <summary>Tries every name once; the group holds those that were free.</summary>
    public async Task<HeldLockGroup> TryAcquireAsync(IEnumerable<string> names, CancellationToken cancellationToken)
    {
        var wanted = names.Distinct(StringComparer.Ordinal).ToList();
        if (wanted.Count == 0)
        {
            return HeldLockGroup.Empty;
        }

        var connection = await postgres.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(
                "SELECT pg_try_advisory_lock(k) FROM unnest(@keys) WITH ORDINALITY AS t(k, n) ORDER BY n", connection);
            command.Parameters.AddWithValue("keys", wanted.Select(KeyOf).ToArray());
            var held = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
            {
                for (var i = 0; await reader.ReadAsync(cancellationToken); i++)
                {
                    if (reader.GetBoolean(0))
                    {
                        held.Add(wanted[i]);
                    }
                }
            }

            return new HeldLockGroup(connection, held);
        }
        catch
        {
            // Some locks may have been taken before the failure: released like a group's (or dropped with a broken connection).
            await new HeldLockGroup(connection, [.. wanted]).DisposeAsync();
            throw;
        }
    }

    public ValueTask DisposeAsync() => postgres.DisposeAsync();

    /// <summary>The advisory lock key the library derives from <paramref name="name"/> (its round-trippable form is the key in hex).</summary>
    internal static long KeyOf(string name)
    {
        if (name.Length < ShortestHashedName)
        {
            throw new ArgumentException($"lock name '{name}' is too short to be hashed to one key", nameof(name));
        }

        return long.Parse(new PostgresAdvisoryLockKey(name, allowHashing: true).ToString(), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture);
    }
}

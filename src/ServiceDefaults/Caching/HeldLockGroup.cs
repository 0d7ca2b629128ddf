using Npgsql;

namespace ModelHub.ServiceDefaults.Caching;

/// <summary>The names a <see cref="LockGroups"/> request got, held until this is disposed.</summary>
public sealed class HeldLockGroup : IAsyncDisposable
{
    public static readonly HeldLockGroup Empty = new(null, []);

    private readonly NpgsqlConnection? _connection;
    private readonly HashSet<string> _held;

    internal HeldLockGroup(NpgsqlConnection? connection, HashSet<string> held)
    {
        _connection = connection;
        _held = held;
    }

    public int Count => _held.Count;

    public bool Holds(string name) => _held.Contains(name);

    public async ValueTask DisposeAsync()
    {
        if (_connection is null)
        {
            return;
        }

        try
        {
            if (_held.Count > 0)
            {
                await using var unlock = new NpgsqlCommand("SELECT pg_advisory_unlock_all()", _connection);
                await unlock.ExecuteNonQueryAsync(CancellationToken.None);
            }
        }
        catch (Exception e) when (e is NpgsqlException or InvalidOperationException)
        {
            // The connection died, and its session's locks with it; it must not go back to the pool.
            NpgsqlConnection.ClearPool(_connection);
        }
        finally
        {
            await _connection.DisposeAsync();
        }
    }
}

using Npgsql;

namespace ModelHub.TestSupport;

/// <summary>
/// A database of a fixture's own on the PostgreSQL that <c>./hub test</c> started, so test
/// assemblies running side by side never see each other's rows. The migrations create it.
/// </summary>
public sealed class TestDatabase : IAsyncDisposable
{
    /// <param name="prefix">Names the assembly in the database name, e.g. <c>modelhub_it</c>.</param>
    /// <param name="maxPoolSize">Well below PostgreSQL's 100 connections, which the assemblies share.</param>
    public TestDatabase(string prefix, int maxPoolSize = 30)
    {
        Name = $"{prefix}_{Guid.NewGuid():N}"[..(prefix.Length + 13)];
        ConnectionString = new NpgsqlConnectionStringBuilder(TestInfrastructure.Require("Postgres"))
        {
            Database = Name,
            MaxPoolSize = maxPoolSize,
        }.ConnectionString;
    }

    public string Name { get; }

    public string ConnectionString { get; }

    /// <summary>Drops the database, closing whatever connections are still open to it.</summary>
    public ValueTask DisposeAsync() => new(DropAsync());

    public async Task DropAsync()
    {
        NpgsqlConnection.ClearAllPools();
        var admin = new NpgsqlConnectionStringBuilder(ConnectionString) { Database = "postgres" }.ConnectionString;
        await using var connection = new NpgsqlConnection(admin);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Metadata;
using Microsoft.EntityFrameworkCore.Storage;

namespace ModelHub.Jobs.SagaStore;

/// <summary>
/// Loads saga rows with <c>SELECT … FOR UPDATE</c>, so messages for one instance take turns: the
/// second waits for the first one's commit and then reads what it wrote.
/// </summary>
internal static class SagaRowLocks
{
    public static async Task<TSaga?> LockSagaAsync<TSaga>(this DbContext db, Guid correlationId, CancellationToken cancellationToken)
        where TSaga : class, ISaga
    {
        var sql = LockingSelect<TSaga>(db, "= {0}");
        var rows = await db.Set<TSaga>().FromSqlRaw(sql, correlationId).ToListAsync(cancellationToken);
        return rows.SingleOrDefault();
    }

    public static async Task<IReadOnlyList<TSaga>> LockSagasAsync<TSaga>(this DbContext db, ISagaQuery<TSaga> query, CancellationToken cancellationToken)
        where TSaga : class, ISaga
    {
        var ids = await db.Set<TSaga>().AsNoTracking()
            .Where(query.FilterExpression)
            .Select(saga => saga.CorrelationId)
            .ToArrayAsync(cancellationToken);
        if (ids.Length == 0)
        {
            return [];
        }

        var sql = LockingSelect<TSaga>(db, "= ANY({0})");
        var rows = await db.Set<TSaga>().FromSqlRaw(sql, ids).ToListAsync(cancellationToken);

        // A row may have changed between the unlocked search and the lock; only the locked version counts.
        return rows.Where(query.GetFilter()).ToList();
    }

    private static string LockingSelect<TSaga>(DbContext db, string keyCondition)
    {
        var entity = db.Model.FindEntityType(typeof(TSaga))
            ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not an entity of {db.GetType().Name}.");
        var tableName = entity.GetTableName()
            ?? throw new InvalidOperationException($"{typeof(TSaga).Name} is not mapped to a table.");
        var schema = entity.GetSchema();
        var keyColumn = entity.GetProperty(nameof(ISaga.CorrelationId)).GetColumnName(StoreObjectIdentifier.Table(tableName, schema))
            ?? throw new InvalidOperationException($"{typeof(TSaga).Name}.{nameof(ISaga.CorrelationId)} has no column.");

        var sql = db.GetService<ISqlGenerationHelper>();
        var table = sql.DelimitIdentifier(tableName, schema);
        var key = sql.DelimitIdentifier(keyColumn);

        // `*` leaves out system columns, and the row version is PostgreSQL's xmin. Locking in key
        // order keeps two multi-row locks from deadlocking each other.
        return $"SELECT *, xmin FROM {table} WHERE {key} {keyCondition} ORDER BY {key} FOR UPDATE";
    }
}

using MassTransit;
using MassTransit.Middleware;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace ModelHub.Jobs.SagaStore;

/// <summary>Reads instances outside a message (test harness, monitoring): no transaction, no lock.</summary>
internal sealed class PostgresSagaStoreQueryContext<TSaga>(DbContext db, CancellationToken cancellationToken) :
    BasePipeContext(cancellationToken),
    QuerySagaRepositoryContext<TSaga>,
    LoadSagaRepositoryContext<TSaga>
    where TSaga : class, SagaStateMachineInstance
{
    public async Task<SagaRepositoryQueryContext<TSaga>> Query(ISagaQuery<TSaga> query, CancellationToken cancellationToken)
    {
        var ids = await db.Set<TSaga>().AsNoTracking()
            .Where(query.FilterExpression)
            .Select(saga => saga.CorrelationId)
            .ToListAsync(cancellationToken);
        return new DefaultSagaRepositoryQueryContext<TSaga>(this, ids);
    }

    public async Task<TSaga> Load(Guid correlationId) =>
        (await db.Set<TSaga>().AsNoTracking().SingleOrDefaultAsync(saga => saga.CorrelationId == correlationId, CancellationToken))!;
}

using MassTransit;
using MassTransit.Configuration;
using MassTransit.Saga;
using Microsoft.EntityFrameworkCore;

namespace ModelHub.Jobs.SagaStore;

public static class PostgresSagaStoreRegistration
{
    /// <summary>
    /// Keeps the saga's instances in <typeparamref name="TContext"/>'s table for <typeparamref name="TSaga"/>,
    /// one transaction and one row lock per message (<see cref="PostgresSagaStore{TSaga, TContext}"/>).
    /// <typeparamref name="TContext"/> must be registered as scoped, and the saga's endpoint should call
    /// <see cref="SagaRetryPolicy.UsePostgresSagaRetry"/>: two first messages for one instance collide
    /// on the primary key, and the loser must be retried.
    /// </summary>
    public static ISagaRegistrationConfigurator<TSaga> UsePostgresSagaStore<TSaga, TContext>(
        this ISagaRegistrationConfigurator<TSaga> saga)
        where TSaga : class, SagaStateMachineInstance
        where TContext : DbContext =>
        saga.Repository(services =>
        {
            services.RegisterLoadSagaRepository<TSaga, PostgresSagaStore<TSaga, TContext>>();
            services.RegisterQuerySagaRepository<TSaga, PostgresSagaStore<TSaga, TContext>>();
            services.RegisterSagaRepository<TSaga, DbContext, SagaConsumeContextFactory<DbContext, TSaga>, PostgresSagaStore<TSaga, TContext>>();
        });
}

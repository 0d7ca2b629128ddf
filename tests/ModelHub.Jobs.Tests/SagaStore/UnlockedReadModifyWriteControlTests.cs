using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.Jobs.Tests.Infrastructure;

namespace ModelHub.Jobs.Tests.SagaStore;

/// <summary>
/// The control for <see cref="PostgresSagaStoreTests.When_fifty_bumps_of_one_instance_arrive_at_once_Should_count_them_all"/>:
/// the same fifty increments through a plain EF read-modify-write, no row lock and no retry, do
/// lose updates. If this ever passes with 50, the concurrency test proves nothing either.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class UnlockedReadModifyWriteControlTests(PostgresFixture postgres)
{
    [Fact]
    public async Task When_fifty_increments_run_without_the_row_lock_Should_lose_updates()
    {
        var id = await InsertJobAsync();
        var everyoneHasRead = new ArrivalBarrier(50);

        var saved = await Task.WhenAll(Enumerable.Range(0, 50).Select(_ => IncrementWithoutLockAsync(id, everyoneHasRead)));

        await using var db = postgres.CreateDbContext();
        var count = (await db.Jobs.SingleAsync(job => job.CorrelationId == id)).ProgressReports;
        count.ShouldBeLessThan(50);
        count.ShouldBe(saved.Count(wasSaved => wasSaved));
    }

    private async Task<bool> IncrementWithoutLockAsync(Guid id, ArrivalBarrier everyoneHasRead)
    {
        await using var db = postgres.CreateDbContext();
        var job = await db.Jobs.SingleAsync(j => j.CorrelationId == id);
        await everyoneHasRead.ArriveAsync();

        job.ProgressReports++;
        try
        {
            await db.SaveChangesAsync();
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            // The xmin check refused a write based on a stale read; without a retry the increment is gone.
            return false;
        }
    }

    private async Task<Guid> InsertJobAsync()
    {
        await using var db = postgres.CreateDbContext();
        var job = new JobState
        {
            CorrelationId = Guid.NewGuid(),
            CurrentState = JobStateNames.Running,
            Kind = JobKind.Scan,
            CreatedAt = DateTimeOffset.UtcNow,
        };
        db.Jobs.Add(job);
        await db.SaveChangesAsync();
        return job.CorrelationId;
    }
}

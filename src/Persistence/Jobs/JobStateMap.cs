using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Jobs.Records;
using ModelHub.Persistence.Artifacts;
using ModelHub.Persistence.Conventions;
using ModelHub.Persistence.Repositories;

namespace ModelHub.Persistence.Jobs;

internal sealed class JobStateMap : IEntityTypeConfiguration<JobState>
{
    public void Configure(EntityTypeBuilder<JobState> job)
    {
        job.ToTable("job", table => table.HasEnumCheckConstraint<JobKind>("kind"));
        job.HasKey(j => j.CorrelationId);
        job.Property(j => j.CorrelationId).ValueGeneratedNever();
        job.Property(j => j.Kind).HasSnakeCaseEnumConversion().HasMaxLength(16);
        job.Property(j => j.CurrentState).HasMaxLength(32).IsRequired();
        job.Property(j => j.Payload).HasColumnType("jsonb").IsRequired();
        job.Property(j => j.Error).HasMaxLength(4000);
        job.Property(j => j.Summary).HasMaxLength(4000);
        job.Property(j => j.FailedItems).HasColumnType("jsonb");
        job.Property(j => j.ItemsUnit).HasMaxLength(16);
        job.Property(j => j.RowVersion).IsRowVersion();
        job.HasOne<ModelRepository>().WithMany().HasForeignKey(j => j.RepositoryId).OnDelete(DeleteBehavior.SetNull);
        job.HasOne<ModelArtifact>().WithMany().HasForeignKey(j => j.ModelArtifactId).OnDelete(DeleteBehavior.SetNull);
        job.HasIndex(j => new { j.CurrentState, j.CreatedAt });
        job.HasIndex(j => j.RepositoryId);
        job.HasIndex(j => j.CreatedAt);
    }
}

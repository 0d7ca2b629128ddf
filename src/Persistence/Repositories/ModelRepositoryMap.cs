using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Persistence.Conventions;

namespace ModelHub.Persistence.Repositories;

internal sealed class ModelRepositoryMap : IEntityTypeConfiguration<ModelRepository>
{
    public void Configure(EntityTypeBuilder<ModelRepository> repo)
    {
        repo.ToTable("model_repo", table => table.HasEnumCheckConstraint<ModelRepositoryStatus>("status"));
        repo.HasKey(r => r.Id);
        repo.Property(r => r.RepoId).HasMaxLength(RepoIdMaxLength).IsRequired();
        repo.HasIndex(r => r.RepoId).IsUnique();
        repo.Property(r => r.RepoType).HasMaxLength(16).IsRequired();
        repo.Property(r => r.Status).HasSnakeCaseEnumConversion().HasMaxLength(16);
        repo.HasIndex(r => r.Status);
        repo.Property(r => r.DefaultRevision).HasMaxLength(255).IsRequired();
        repo.Property(r => r.LastSyncedCommit).HasMaxLength(40).IsFixedLength(false);
        repo.HasMany(r => r.Artifacts)
            .WithOne()
            .HasForeignKey(a => a.RepositoryId)
            .OnDelete(DeleteBehavior.Cascade);
    }

    // Two segments of at most 96 characters and the slash between them.
    private const int RepoIdMaxLength = 96 + 1 + 96;
}

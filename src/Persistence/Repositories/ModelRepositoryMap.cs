using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence.Conventions;

namespace ModelHub.Persistence.Repositories;

internal sealed class ModelRepositoryMap : IEntityTypeConfiguration<ModelRepository>
{
    public void Configure(EntityTypeBuilder<ModelRepository> repo)
    {
        repo.ToTable("model_repo", table =>
        {
            table.HasEnumCheckConstraint<ModelRepositoryStatus>("status");
            table.HasEnumCheckConstraint<RepoType>("repo_type");
            table.HasEnumCheckConstraint<RepositoryAccess>("access");
        });
        repo.HasKey(r => r.Id);
        repo.Property(r => r.RepoId).HasMaxLength(RepoIdRules.MaxLength).IsRequired();
        repo.Property(r => r.RepoType).HasSnakeCaseEnumConversion().HasMaxLength(16);
        // Id first: the listings page in repo id order through it.
        repo.HasIndex(r => new { r.RepoId, r.RepoType }).IsUnique();
        repo.Property(r => r.Status).HasSnakeCaseEnumConversion().HasMaxLength(16);
        repo.HasIndex(r => r.Status);
        repo.Property(r => r.DefaultRevision).HasMaxLength(255).IsRequired();
        repo.Property(r => r.Access).HasSnakeCaseEnumConversion().HasMaxLength(16).HasDefaultValue(RepositoryAccess.Unknown).HasSentinel(RepositoryAccess.Unknown);
        repo.Property(r => r.LastSyncedCommit).HasMaxLength(40).IsFixedLength(false);
        repo.HasMany(r => r.Artifacts)
            .WithOne()
            .HasForeignKey(a => a.RepositoryId)
            .OnDelete(DeleteBehavior.Cascade);
    }
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Persistence.Conventions;

namespace ModelHub.Persistence.Artifacts;

internal sealed class ModelArtifactMap : IEntityTypeConfiguration<ModelArtifact>
{
    public void Configure(EntityTypeBuilder<ModelArtifact> artifact)
    {
        artifact.ToTable("model_artifact", table => table.HasEnumCheckConstraint<ArtifactStatus>("status"));
        artifact.HasKey(a => a.Id);
        artifact.Property(a => a.Commit).HasMaxLength(40).IsRequired();
        artifact.Property(a => a.Path).HasMaxLength(1024).IsRequired();
        artifact.HasIndex(a => new { a.RepositoryId, a.Commit, a.Path }).IsUnique();
        artifact.Property(a => a.GitBlobOid).HasMaxLength(40);
        // Finding the stored bytes of a git blob (StoredContentByGitOidAsync) must not scan every artifact: a sync asks per
        // batch of files, a snapshot's batch per file.
        artifact.HasIndex(a => a.GitBlobOid).HasFilter("lfs_sha256 IS NULL AND content_hash IS NOT NULL");
        artifact.Property(a => a.LfsSha256).HasMaxLength(64);
        artifact.Property(a => a.ContentHash).HasMaxLength(64);
        artifact.HasIndex(a => a.ContentHash);
        artifact.Property(a => a.LocalPath).HasMaxLength(1024);
        artifact.Property(a => a.Status).HasSnakeCaseEnumConversion().HasMaxLength(16);
        artifact.HasIndex(a => a.Status);
    }
}

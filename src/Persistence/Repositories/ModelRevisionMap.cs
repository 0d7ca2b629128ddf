using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace ModelHub.Persistence.Repositories;

internal sealed class ModelRevisionMap : IEntityTypeConfiguration<ModelRevision>
{
    public void Configure(EntityTypeBuilder<ModelRevision> revision)
    {
        revision.ToTable("model_revision");
        revision.HasKey(r => new { r.RepositoryId, r.Name });
        revision.Property(r => r.Name).HasMaxLength(255);
        revision.Property(r => r.Commit).HasMaxLength(40).IsRequired();
        revision.HasOne<ModelRepository>().WithMany().HasForeignKey(r => r.RepositoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

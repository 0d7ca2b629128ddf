using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using ModelHub.Contracts.Repositories;
using ModelHub.Persistence.Conventions;

namespace ModelHub.Persistence.Repositories;

internal sealed class RepositoryAliasMap : IEntityTypeConfiguration<RepositoryAlias>
{
    public void Configure(EntityTypeBuilder<RepositoryAlias> alias)
    {
        alias.ToTable("model_repo_alias", table => table.HasEnumCheckConstraint<RepoType>("repo_type"));
        alias.HasKey(a => new { a.AliasKey, a.RepoType });
        alias.Property(a => a.AliasKey).HasMaxLength(RepoIdRules.MaxLength);
        alias.Property(a => a.RepoType).HasSnakeCaseEnumConversion().HasMaxLength(16);
        alias.HasOne<ModelRepository>().WithMany().HasForeignKey(a => a.RepositoryId).OnDelete(DeleteBehavior.Cascade);
    }
}

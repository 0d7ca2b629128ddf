using Microsoft.EntityFrameworkCore;
using ModelHub.Jobs.Records;
using ModelHub.Persistence.Artifacts;
using ModelHub.Persistence.Repositories;
using ModelHub.Persistence.Scans;

namespace ModelHub.Persistence;

public sealed class ModelHubDbContext(DbContextOptions<ModelHubDbContext> options) : DbContext(options)
{
    public DbSet<ModelRepository> Repositories => Set<ModelRepository>();

    public DbSet<ModelRevision> Revisions => Set<ModelRevision>();

    public DbSet<RepositoryAlias> RepositoryAliases => Set<RepositoryAlias>();

    public DbSet<ModelArtifact> Artifacts => Set<ModelArtifact>();

    public DbSet<JobState> Jobs => Set<JobState>();

    public DbSet<ScanReport> ScanReports => Set<ScanReport>();

    protected override void OnModelCreating(ModelBuilder modelBuilder) =>
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(ModelHubDbContext).Assembly);
}

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelHub.Persistence;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a running database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ModelHubDbContext>
{
    public ModelHubDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<ModelHubDbContext>();
        options.UseModelHubPostgres("Host=127.0.0.1;Database=modelhub_design");
        return new ModelHubDbContext(options.Options);
    }
}

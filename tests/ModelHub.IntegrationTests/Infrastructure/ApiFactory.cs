using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace ModelHub.IntegrationTests.Infrastructure;

/// <summary>The real Api, in process, against the PostgreSQL, RabbitMQ and Redis that <c>./hub test</c> started.</summary>
public sealed class ApiFactory(string postgresConnectionString) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseSetting("ConnectionStrings:Postgres", postgresConnectionString);
    }
}

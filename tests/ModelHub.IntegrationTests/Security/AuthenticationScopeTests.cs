using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace ModelHub.IntegrationTests.Security;

/// <summary>
/// Which requests the Api authenticates: the Hub's routes judge their callers' tokens themselves and are not
/// authenticated at all (a fleet's HEADs take that path); every other route once. (WebApplication adds an authentication
/// middleware of its own ahead of the pipeline unless told that the application has one, which authenticated every request.)
/// </summary>
[Collection(ApiCollection.Name)]
public sealed class AuthenticationScopeTests(ApiFixture fixture) : IAsyncLifetime
{
    private readonly ConcurrentQueue<string> _authenticated = new();

    public Task InitializeAsync() => fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task When_requests_arrive_Should_authenticate_the_management_routes_once_and_the_Hubs_routes_never()
    {
        await using var api = fixture.Factory.WithWebHostBuilder(host => host.ConfigureTestServices(services => CountAuthentications(services, _authenticated)));
        using var client = api.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AdminKey);

        foreach (var hubRoute in new[] { "/api/models/scope/model", "/scope/model/resolve/main/config.json", "/api/datasets/scope/data/revision/main" })
        {
            (await client.GetAsync(hubRoute)).StatusCode.ShouldBe(HttpStatusCode.NotFound, hubRoute);
        }

        _authenticated.ShouldBeEmpty("the Hub's routes check tokens in HubCallers");
        (await client.GetAsync("/v1/hub/models")).StatusCode.ShouldBe(HttpStatusCode.OK);
        // Once: the middleware's default scheme, which hands a request with a key to the key's handler.
        _authenticated.ToArray().ShouldBe(["/v1/hub/models KeyOrSession", "/v1/hub/models ApiKey"]);
    }

    private static void CountAuthentications(IServiceCollection services, ConcurrentQueue<string> authenticated)
    {
        var registered = services.Single(d => d.ServiceType == typeof(IAuthenticationService));
        services.Remove(registered);
        services.AddScoped<IAuthenticationService>(provider => new CountingAuthentication(
            (IAuthenticationService)ActivatorUtilities.CreateInstance(provider, registered.ImplementationType!), authenticated));
    }

    private sealed class CountingAuthentication(IAuthenticationService inner, ConcurrentQueue<string> authenticated) : IAuthenticationService
    {
        public Task<AuthenticateResult> AuthenticateAsync(HttpContext context, string? scheme)
        {
            authenticated.Enqueue($"{context.Request.Path} {scheme}");
            return inner.AuthenticateAsync(context, scheme);
        }

        public Task ChallengeAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ChallengeAsync(context, scheme, properties);

        public Task ForbidAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.ForbidAsync(context, scheme, properties);

        public Task SignInAsync(HttpContext context, string? scheme, ClaimsPrincipal principal, AuthenticationProperties? properties) =>
            inner.SignInAsync(context, scheme, principal, properties);

        public Task SignOutAsync(HttpContext context, string? scheme, AuthenticationProperties? properties) => inner.SignOutAsync(context, scheme, properties);
    }
}

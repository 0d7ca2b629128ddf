global using System.Net;
global using System.Net.Http.Json;
global using ModelHub.IntegrationTests.Infrastructure;
global using ModelHub.TestSupport;

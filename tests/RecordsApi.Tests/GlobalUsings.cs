// What nearly every test file uses: HTTP, JSON, Dapper and Npgsql for checks in the database, xUnit,
// the test host (WebApplicationFactory and its services), and the shared helpers (problem assertions,
// JSON bodies, unique names).
global using System.Net;
global using System.Net.Http.Headers;
global using System.Net.Http.Json;
global using System.Text.Json;
global using System.Text.Json.Nodes;
global using Dapper;
global using Microsoft.AspNetCore.Hosting;
global using Microsoft.AspNetCore.Mvc.Testing;
global using Microsoft.Extensions.DependencyInjection;
global using Npgsql;
global using RecordsApi.Infrastructure.Problems;
global using RecordsApi.Tests.Infrastructure;
global using Xunit;
global using static RecordsApi.Tests.Infrastructure.HttpAssertions;
global using static RecordsApi.Tests.Infrastructure.TestNames;

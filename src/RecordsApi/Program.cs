using RecordsApi.Catalogue;
using RecordsApi.Changes;
using RecordsApi.Infrastructure.Auth;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Hardening;
using RecordsApi.Infrastructure.Health;
using RecordsApi.Infrastructure.Http;
using RecordsApi.Infrastructure.Idempotency;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Paging;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Infrastructure.RateLimits;
using RecordsApi.Infrastructure.Telemetry;
using RecordsApi.Infrastructure.Validation;
using RecordsApi.Keys;
using RecordsApi.Leaderboards;
using RecordsApi.Missions;
using RecordsApi.People;
using RecordsApi.Records;
using RecordsApi.Resources;

// `keys create|list|revoke|check`: manage API keys with the service's own configuration, then exit.
if (KeysCommands.IsCommand(args))
{
    return await KeysCommands.RunAsync(args);
}

// `catalogue import|export`: the importer and the export, from the command line, then exit.
if (CatalogueCommands.IsCommand(args))
{
    return await CatalogueCommands.RunAsync(args);
}

var builder = WebApplication.CreateBuilder(args);

builder.AddTelemetry();
builder.AddDatabase();
builder.AddRevisionNumbering();
builder.AddIdempotency();
builder.AddApiKeys();
builder.Services.AddKeys();
builder.Services.AddApiHardening();
builder.Services.AddApiResponseCompression();
builder.Services.AddApiProblemDetails();
builder.Services.AddApiJson();
builder.Services.AddApiValidation();
builder.Services.AddApiPaging();
builder.Services.AddApiHealthChecks();
builder.Services.AddApiDocs();
builder.Services.AddApiRateLimits();
builder.Services.AddLeaderboards();
builder.Services.AddCatalogue();

var app = builder.Build();

// In this order: refuse oversized requests first; HEAD and compression around everything that writes
// an answer; know the key before counting its budget; count before authorizing, so refused writes
// (and refused keys) cost too.
app.UseApiHardening();
app.UseHeadWithoutBody();
app.UseApiResponseCompression();
app.UseApiProblemDetails();
// Before anything that may wait on the database (key lookups included), so its deadline bounds them all.
app.UseRequestTimeouts();
app.UseAuthentication();
app.UseApiRateLimits();
app.RefuseInvalidApiKeys();
app.UseAuthorization();
app.UseApiDocs();
app.MapApiHealth();
app.MapTelemetry();

var v1 = app.MapGroup("/v1").WithReadRetry().WithHeadForGets().WithValidation().WithStrictQuery().WithIdempotency().WithRevalidatedReads().WithReadRouting().RequireKeyForWrites();
v1.MapPeople();
v1.MapMissions();
// After the missions, where the OpenAPI document has always listed it.
v1.MapPersonFlights();
v1.MapRecords();
v1.MapLeaderboards();
v1.MapChanges();
v1.MapKeys();
v1.MapCatalogue();

await app.RunAsync();
return 0;

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

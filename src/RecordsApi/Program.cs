using RecordsApi.Changes;
using RecordsApi.Infrastructure;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Idempotency;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Problems;
using RecordsApi.Infrastructure.Validation;
using RecordsApi.People;

var builder = WebApplication.CreateBuilder(args);

builder.AddDatabase();
builder.AddIdempotency();
builder.Services.AddApiProblemDetails();
builder.Services.AddApiJson();
builder.Services.AddApiValidation();
builder.Services.AddApiPaging();
builder.Services.AddApiHealthChecks();
builder.Services.AddApiDocs();

var app = builder.Build();

app.UseApiProblemDetails();
app.UseApiDocs();
app.MapApiHealth();

var v1 = app.MapGroup("/v1").WithValidation().WithStrictQuery().WithIdempotency();
v1.MapPeople();
v1.MapChanges();

await app.RunAsync();

/// <summary>The entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;

using Dapper;
using Npgsql;

// The least an HTTP endpoint over this database can do: one pooled connection, one primary-key
// select that PostgreSQL itself renders as JSON, the text written out. No validation, no headers,
// no problem details. bench/run.sh measures the service's GET by id against this in the same run.
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var connectionString = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres.");
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));

var app = builder.Build();
app.MapGet("/people/{id:long}", async (long id, NpgsqlDataSource db) =>
{
    await using var connection = await db.OpenConnectionAsync();
    var json = await connection.QuerySingleOrDefaultAsync<string>("SELECT row_to_json(p) FROM people p WHERE id = @id", new { id });
    return json is null ? Results.NotFound() : Results.Text(json, "application/json");
});
await app.RunAsync();

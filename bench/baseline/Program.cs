using Dapper;
using Npgsql;

// The floor: the fastest bare HTTP endpoints over this database we know how to write for the reads the
// service is measured on. One pooled connection and one statement per request, PostgreSQL rendering the
// JSON, the text written out; no validation, no headers, no problem details, no logging. The pool is
// tuned as the service's is not obliged to be: statements prepared automatically (Max Auto Prepare), no
// reset on close, and a size that bench/run.sh picks by a sweep (BENCH_BASELINE_POOL_SIZES).
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
var connectionString = builder.Configuration.GetConnectionString("Postgres")
    ?? throw new InvalidOperationException("Set ConnectionStrings__Postgres.");
var settings = new NpgsqlConnectionStringBuilder(connectionString);
settings.NoResetOnClose = true;
if (settings.MaxAutoPrepare == 0)
{
    settings.MaxAutoPrepare = 16;
}

builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(settings.ConnectionString));

var app = builder.Build();

app.MapGet("/people/{id:long}", (long id, NpgsqlDataSource db) =>
    One(db, "SELECT row_to_json(p) FROM people p WHERE id = @key AND deleted_at IS NULL", id));

app.MapGet("/people/by-slug/{slug}", (string slug, NpgsqlDataSource db) =>
    One(db, "SELECT row_to_json(p) FROM people p WHERE slug = @key AND deleted_at IS NULL", slug));

// A keyset first page of 50 in name order: the people_by_name index read for 50 rows, aggregated there.
app.MapGet("/people", async (NpgsqlDataSource db) =>
{
    await using var connection = await db.OpenConnectionAsync();
    var json = await connection.ExecuteScalarAsync<string>("""
        SELECT coalesce(json_agg(row_to_json(p)), '[]')::text
        FROM (SELECT * FROM people WHERE deleted_at IS NULL ORDER BY name, id LIMIT 50) p
        """);
    return Results.Text(json!, "application/json");
});

await app.RunAsync();

static async Task<IResult> One<T>(NpgsqlDataSource db, string sql, T key)
{
    await using var connection = await db.OpenConnectionAsync();
    var json = await connection.QuerySingleOrDefaultAsync<string>(sql, new { key });
    return json is null ? Results.NotFound() : Results.Text(json, "application/json");
}

using System.Security.Cryptography;
using System.Text;
using RecordsApi.Infrastructure.Auth;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Hardening;
using RecordsApi.Infrastructure.Idempotency;
using RecordsApi.Resources;

namespace RecordsApi.Catalogue;

public static class CatalogueEndpoints
{
    /// <summary>The longest an import may run: a whole catalogue refreshes every leaderboard.</summary>
    public static readonly TimeSpan ImportTimeout = TimeSpan.FromMinutes(5);

    public static RouteGroupBuilder MapCatalogue(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("").WithTag("Catalogue",
            "The whole data set as NDJSON: export it from one snapshot to mirror it, import it (admin) to load or correct data in bulk.");
        group.MapGet("/export", Export)
            .Describe("ExportCatalogue", "The whole catalogue as NDJSON, from one snapshot",
                "One JSON object a line: first a `catalogue` line with `completeTo`, `changesSequence` and `exportedAt`, then every "
                + "`person`, every `mission` with its `crew`, and every `record` with its `holdings`, each sorted by slug and in the format "
                + "POST /v1/import takes. Every change up to `changesSequence` is in the export: mirror the data by loading it, then follow "
                + "/v1/changes?since=`changesSequence` (a change after it may already be in the export; applying it again is harmless).")
            .Produces<string>(StatusCodes.Status200OK, ImportBody.ContentType)
            .WithReplicaReads();
        group.MapPost("/import", Import)
            .Describe("ImportCatalogue", "Load NDJSON in the export's format (admin)",
                "Upserts people, missions (with their crews) and records (with their holdings) by slug, all or nothing. Each line is checked "
                + "with the same rules as the API's writes; every refused line is reported, keyed `line N: field`, and nothing is written. A "
                + "line whose data already matches changes nothing; a mission's crew and a record's holdings become exactly those of its line. "
                + "`dryRun=true` answers what would change and writes nothing. Send `Content-Type: application/x-ndjson`.")
            .Accepts<ImportBody>(ImportBody.ContentType)
            .RequireAuthorization(ApiPolicies.Admin)
            .WithRequestTimeout(ImportTimeout)
            .WithMetadata(new RequestBodyLimit(CatalogueSettings.MaxImportBytes))
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return group;
    }

    public static async Task Export(HttpContext http, Databases databases, CancellationToken ct)
    {
        await using var snapshot = await CatalogueExporter.OpenAsync(await databases.ForRead(http).OpenForAsync(http, ct), ct);
        http.Response.ContentType = ImportBody.ContentType + "; charset=utf-8";
        http.Response.Headers.CacheControl = "no-cache";
        await snapshot.WriteAsync(http.Response.Body, ct);
    }

    public static async Task<Results<Ok<ImportSummary>, ValidationProblem, ProblemHttpResult>> Import(
        ImportBody body,
        [Description("true: check and count what would change, write nothing.")] bool? dryRun,
        HttpContext http,
        NpgsqlDataSource db,
        IServiceProvider services,
        CancellationToken ct)
    {
        if (!ImportBody.IsNdjson(http.Request.ContentType))
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status415UnsupportedMediaType,
                detail: $"Send the lines as {ImportBody.ContentType} (one JSON object a line, as GET /v1/export writes them).");
        }

        var batch = new CatalogueBatch();
        await CatalogueReader.Create(services).ReadAsync(new StringReader(body.Text), "body", batch, ct);
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body.Text)));
        var outcome = await CatalogueImporter.ImportAsync(db, batch, RevisionAuthor.Of(http), IdempotencyClaim.Of(http), hash, dryRun ?? false, ct);
        if (outcome.Summary is { } summary)
        {
            return TypedResults.Ok(summary);
        }

        var errors = outcome.Problems
            .SelectMany(p => p.Errors.Select(e => (Key: $"line {p.Line}: {e.Key}", e.Value)))
            .GroupBy(e => e.Key)
            .ToDictionary(g => g.Key, g => g.SelectMany(e => e.Value).ToArray());
        return TypedResults.ValidationProblem(
            errors,
            detail: $"{outcome.Problems.Count} line(s) were refused, so nothing was imported. Fix the lines named in errors and send the whole import again.");
    }
}

using System.Text;
using System.Text.Json.Nodes;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Resources;

namespace RecordsApi.Catalogue;

/// <summary>
/// Writes the whole catalogue as NDJSON in the import's format, from one snapshot: a catalogue line
/// (with the changes-feed sequence the snapshot is current to), then people, missions with their crews
/// and records with their holdings, each sorted by slug. The lines are the documents the API serves,
/// less what the service assigns (ids, versions, times), so export then import reproduces the data.
/// </summary>
internal static class CatalogueExporter
{
    private static readonly string[] PersonFields =
        ["slug", "name", "nativeName", "birthDate", "deathDate", "nationality", "occupations", "externalIds", "sources"];

    private static readonly string[] MissionFields =
        ["slug", "name", "operator", "vehicle", "kind", "apogeeKm", "launchAt", "launchSite", "landingAt", "landingSite",
         "destination", "summary", "externalIds", "sources", "crew"];

    private static readonly string[] RecordFields = ["slug", "title", "category", "description", "metric", "sources", "holdings"];

    private static readonly string[] HoldingFields = ["achievedOn", "mission", "people", "value", "unit", "notes", "sources"];

    // Names in Cyrillic, Chinese and accented Latin stay readable; NDJSON is never embedded in HTML.
    private static readonly JsonSerializerOptions Options = new(CatalogueReader.CreateOptions())
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Opens the snapshot on <paramref name="connection"/> (the snapshot owns it from here) and reads its header;
    /// the caller sends headers, then <see cref="Snapshot.WriteAsync"/>.
    /// </summary>
    public static async Task<Snapshot> OpenAsync(NpgsqlConnection connection, CancellationToken ct)
    {
        try
        {
            // Every revision committed so far gets its number first, so the snapshot holds every change up to the sequence it names.
            await RevisionNumbering.NumberAsync(connection, ct);
            var transaction = await Transactions.BeginAsync(connection, ct, IsolationLevel.RepeatableRead, readOnly: true);
            var header = await connection.QuerySingleAsync<HeaderRow>(
                """
                SELECT coalesce((SELECT max(r.sequence) FROM revisions r), 0) AS changes_sequence,
                       (SELECT i.complete_to FROM catalogue_imports i WHERE i.complete_to IS NOT NULL ORDER BY i.id DESC LIMIT 1) AS complete_to,
                       now() AS exported_at
                """,
                transaction: transaction);
            return new Snapshot(connection, transaction, new CatalogueHeader(header.CompleteTo, header.ChangesSequence, header.ExportedAt));
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>A read-only snapshot of the catalogue, ready to be written.</summary>
    internal sealed class Snapshot(NpgsqlConnection connection, NpgsqlTransaction transaction, CatalogueHeader header) : IAsyncDisposable
    {
        public CatalogueHeader Header { get; } = header;

        public async Task WriteAsync(Stream output, CancellationToken ct)
        {
            await using var writer = new StreamWriter(output, new UTF8Encoding(false), 64 * 1024, leaveOpen: true) { NewLine = "\n" };
            var first = JsonSerializer.SerializeToNode(Header, Options)!.AsObject();
            await WriteLineAsync(writer, Ordered(LineTypes.Catalogue, first, ["completeTo", "changesSequence", "exportedAt"]));
            await WriteAllAsync(writer, "SELECT person_document(p)::text FROM people p WHERE p.deleted_at IS NULL ORDER BY p.slug",
                document => Ordered(LineTypes.Person, document, PersonFields), ct);
            await WriteAllAsync(writer, "SELECT mission_document(m)::text FROM missions m WHERE m.deleted_at IS NULL ORDER BY m.slug",
                document => Ordered(LineTypes.Mission, WithCrewBySlug(document), MissionFields), ct);
            await WriteAllAsync(writer, "SELECT record_document(r)::text FROM records r WHERE r.deleted_at IS NULL ORDER BY r.slug",
                document => Ordered(LineTypes.Record, WithHoldingsBySlug(document), RecordFields), ct);
            await writer.FlushAsync(ct);
        }

        public async ValueTask DisposeAsync()
        {
            await transaction.DisposeAsync();
            await connection.DisposeAsync();
        }

        private async Task WriteAllAsync(StreamWriter writer, string sql, Func<JsonObject, JsonObject> line, CancellationToken ct)
        {
            await foreach (var text in connection.QueryUnbufferedAsync<string>(sql, transaction: transaction).WithCancellation(ct))
            {
                await WriteLineAsync(writer, line(JsonNode.Parse(text)!.AsObject()));
            }
        }

        private static Task WriteLineAsync(StreamWriter writer, JsonObject line) => writer.WriteLineAsync(line.ToJsonString(Options));
    }

    /// <summary>The document's writable members in the import's order, after the line's type.</summary>
    private static JsonObject Ordered(string type, JsonObject document, string[] fields) =>
        Pick(new JsonObject { ["type"] = type }, document, fields);

    private static JsonObject Pick(JsonObject into, JsonObject document, string[] fields)
    {
        foreach (var field in fields)
        {
            document.Remove(field, out var value);
            into[field] = value;
        }

        return into;
    }

    /// <summary>Crew rows name their person by slug.</summary>
    private static JsonObject WithCrewBySlug(JsonObject mission)
    {
        foreach (var member in mission["crew"]?.AsArray() ?? [])
        {
            var row = member!.AsObject();
            row["person"] = row["person"]?["slug"]?.GetValue<string>();
        }

        return mission;
    }

    /// <summary>The progression becomes the holdings, naming missions and people by slug.</summary>
    private static JsonObject WithHoldingsBySlug(JsonObject record)
    {
        var holdings = new JsonArray();
        foreach (var holding in record["progression"]?.AsArray() ?? [])
        {
            var source = holding!.AsObject();
            source["mission"] = source["mission"]?["slug"]?.GetValue<string>();
            source["people"] = new JsonArray([.. (source["people"]?.AsArray() ?? []).Select(p => (JsonNode?)JsonValue.Create(p!["slug"]!.GetValue<string>()))]);
            holdings.Add(Pick([], source, HoldingFields));
        }

        record["holdings"] = holdings;
        return record;
    }

    private sealed class HeaderRow
    {
        public long ChangesSequence { get; init; }

        public DateOnly? CompleteTo { get; init; }

        public DateTime ExportedAt { get; init; }
    }
}

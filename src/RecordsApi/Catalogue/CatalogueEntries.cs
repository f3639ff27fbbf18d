using RecordsApi.Missions;
using RecordsApi.People;
using RecordsApi.Records;

namespace RecordsApi.Catalogue;

/// <summary>
/// The line types of the catalogue's NDJSON (db/catalogue/*.ndjson, GET /v1/export, POST /v1/import).
/// Every line is one JSON object whose <c>type</c> says what it is; the rest of a person, mission or
/// record line is exactly what PUT takes for that resource, matched by its (required) slug, plus the
/// mission's crew or the record's holdings, which an import replaces as a whole.
/// </summary>
public static class LineTypes
{
    /// <summary>{"type":"catalogue","completeTo":"2026-11-30"}: what the data is complete to (and, in an export, the feed position).</summary>
    public const string Catalogue = "catalogue";

    public const string Person = "person";

    public const string Mission = "mission";

    public const string Record = "record";

    public static IReadOnlyList<string> All { get; } = [Catalogue, Person, Mission, Record];
}

/// <summary>The catalogue line: what the data is complete to; an export adds where it stands in the changes feed.</summary>
public sealed record CatalogueHeader(
    [property: Description("Every crewed flight that reached 100 km and launched by this day is in the catalogue.")] DateOnly? CompleteTo,
    [property: Description("Export only: every change up to this /v1/changes sequence is in the export; follow the feed with since=this.")] long? ChangesSequence = null,
    [property: Description("Export only: when the snapshot was taken.")] DateTime? ExportedAt = null,
    [property: Description("Shipped files: the pages that show where completeTo stands (the newest launch the sources report).")] IReadOnlyList<string>? Sources = null);

/// <summary>One crew row of a mission line: the person by slug, their seat and legs.</summary>
public sealed record CrewEntry(
    [property: Description("The person's slug.")] string? Person,
    CrewRole? Role,
    bool? Launched,
    bool? Landed);

/// <summary>Where a line came from: a file (or "body") and its 1-based line number.</summary>
public sealed record LinePlace(string Source, int Line)
{
    public override string ToString() => $"{Source}:{Line}";
}

internal sealed record PersonEntry(LinePlace Place, PersonRequest Person);

internal sealed record MissionEntry(LinePlace Place, MissionRequest Mission, IReadOnlyList<CrewEntry> Crew);

internal sealed record RecordEntry(LinePlace Place, RecordRequest Record, IReadOnlyList<HoldingRequest> Holdings);

/// <summary>A line the importer refuses, with every reason, keyed by field as in a validation problem.</summary>
public sealed record LineProblem(string Source, int Line, string? Slug, IReadOnlyDictionary<string, string[]> Errors);

/// <summary>Everything read from one or more NDJSON inputs, and every line that was wrong.</summary>
internal sealed class CatalogueBatch
{
    public List<PersonEntry> People { get; } = [];

    public List<MissionEntry> Missions { get; } = [];

    public List<RecordEntry> Records { get; } = [];

    public DateOnly? CompleteTo { get; set; }

    public List<LineProblem> Problems { get; } = [];

    public int Lines { get; set; }
}

/// <summary>What an import changed (or, on a dry run, would change) of one resource.</summary>
public sealed record ImportCounts(int Created, int Updated, int Unchanged);

/// <summary>One resource an import created or updated.</summary>
public sealed record ImportChange(
    [property: Description("person, mission or record.")] string Type,
    string Slug,
    [property: Description("create or update.")] string Operation);

/// <summary>The answer of an import.</summary>
public sealed record ImportSummary(
    [property: Description("True when nothing was written: the counts say what the import would change.")] bool DryRun,
    [property: Description("False when the data already matched every line: nothing was (or would be) written.")] bool Changed,
    ImportCounts People,
    ImportCounts Missions,
    ImportCounts Records,
    [property: Description("Every resource created or updated, in the order written.")] IReadOnlyList<ImportChange> Changes);

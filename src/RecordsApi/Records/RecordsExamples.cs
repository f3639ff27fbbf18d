using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Json;

namespace RecordsApi.Records;

/// <summary>
/// The oldest-person record exactly as the API answers it on the seed data (RecordExample.json,
/// captured from GET /v1/records/oldest-person-to-fly-in-space): four holdings are too many to retype.
/// </summary>
internal sealed class RecordExample : ApiExample<Record>
{
    public override Record Example { get; } = Load();

    private static Record Load()
    {
        using var stream = typeof(RecordExample).Assembly.GetManifestResourceStream("Examples.RecordExample.json")
            ?? throw new InvalidOperationException("RecordExample.json is not embedded.");
        var options = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        JsonSetup.Configure(options);
        return JsonSerializer.Deserialize<Record>(stream, options)!;
    }
}

internal sealed class RecordRequestExample : ApiExample<RecordRequest>
{
    public override RecordRequest Example { get; } = new(
        Title: "Oldest person to fly in space",
        Slug: null,
        Category: "age",
        Description: "The greatest age at launch of anyone who has flown in space (above the Kármán line, 100 km).",
        Metric: "oldest-at-launch",
        Sources: ["https://www.guinnessworldrecords.com/news/2021/10/william-shatner-breaks-record-for-oldest-person-in-space-after-blue-origin-flight-678841"]);
}

internal sealed class HoldingRequestExample : ApiExample<HoldingRequest>
{
    public override HoldingRequest Example { get; } = new(
        AchievedOn: new DateOnly(2024, 5, 19),
        Mission: "new-shepard-ns-25",
        People: ["ed-dwight"],
        Value: 33125,
        Unit: "days",
        Notes: "Ed Dwight, 90 years 253 days old, 47 days older than William Shatner was.",
        Sources: ["https://en.wikipedia.org/wiki/Ed_Dwight"]);
}

using System.Text.Json.Nodes;
using FluentValidation;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Missions;
using RecordsApi.People;
using RecordsApi.Records;
using RecordsApi.Resources;

namespace RecordsApi.Catalogue;

/// <summary>
/// Reads catalogue NDJSON into a batch, checking every line with the API's own validators and JSON
/// rules (unknown or repeated members refused, enums by name, instants with an offset). A bad line is
/// reported with its source and line number and reading goes on, so one run lists every problem.
/// </summary>
internal sealed class CatalogueReader(
    IValidator<PersonRequest> people,
    IValidator<MissionRequest> missions,
    IValidator<CrewMemberRequest> crew,
    IValidator<RecordRequest> records,
    IValidator<HoldingRequest> holdings)
{
    /// <summary>The most lines one import takes; the whole catalogue is a few thousand.</summary>
    public const int MaxLines = 100_000;

    /// <summary>The longest line read; the longest mission of the catalogue is a few KiB.</summary>
    public const int MaxLineLength = 256 * 1024;

    private static readonly JsonSerializerOptions Options = CreateOptions();

    private static readonly JsonNodeOptions NodeOptions = new() { PropertyNameCaseInsensitive = false };

    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 32, AllowDuplicateProperties = false };

    public static CatalogueReader Create(IServiceProvider services) => new(
        services.GetRequiredService<IValidator<PersonRequest>>(),
        services.GetRequiredService<IValidator<MissionRequest>>(),
        services.GetRequiredService<IValidator<CrewMemberRequest>>(),
        services.GetRequiredService<IValidator<RecordRequest>>(),
        services.GetRequiredService<IValidator<HoldingRequest>>());

    public static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions();
        JsonSetup.Configure(options);
        return options;
    }

    /// <summary>Reads every line of <paramref name="input"/> into <paramref name="batch"/>.</summary>
    public async Task ReadAsync(TextReader input, string source, CatalogueBatch batch, CancellationToken ct)
    {
        var number = 0;
        while (await input.ReadLineAsync(ct) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            var place = new LinePlace(source, number);
            if (++batch.Lines > MaxLines)
            {
                Refuse(batch, place, null, "line", $"An import takes at most {MaxLines} lines; split the input.");
                return;
            }

            if (line.Length > MaxLineLength)
            {
                Refuse(batch, place, null, "line", $"A line may be at most {MaxLineLength / 1024} KiB long.");
                continue;
            }

            Read(line, place, batch);
        }
    }

    private void Read(string line, LinePlace place, CatalogueBatch batch)
    {
        JsonObject body;
        try
        {
            if (JsonNode.Parse(line, NodeOptions, DocumentOptions) is not JsonObject parsed)
            {
                Refuse(batch, place, null, "line", "Must be one JSON object.");
                return;
            }

            body = parsed;
        }
        catch (JsonException exception)
        {
            Refuse(batch, place, null, "line", $"Is not valid JSON: {Reason(exception)}.");
            return;
        }

        var type = Take(body, "type") is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
        var slug = body["slug"] is JsonValue slugValue && slugValue.TryGetValue<string>(out var slugText) ? slugText : null;
        try
        {
            switch (type)
            {
                case LineTypes.Catalogue:
                    batch.CompleteTo = body.Deserialize<CatalogueHeader>(Options)?.CompleteTo ?? batch.CompleteTo;
                    break;
                case LineTypes.Person:
                    ReadPerson(body, place, slug, batch);
                    break;
                case LineTypes.Mission:
                    ReadMission(body, place, slug, batch);
                    break;
                case LineTypes.Record:
                    ReadRecord(body, place, slug, batch);
                    break;
                default:
                    Refuse(batch, place, slug, "type", $"Is required: one of {string.Join(", ", LineTypes.All)}.");
                    break;
            }
        }
        catch (JsonException exception)
        {
            var field = exception.Path is null or "$" ? "line" : exception.Path.TrimStart('$', '.');
            Refuse(batch, place, slug, field, $"Is not valid here: {Reason(exception)}.");
        }
    }

    private void ReadPerson(JsonObject body, LinePlace place, string? slug, CatalogueBatch batch)
    {
        var person = body.Deserialize<PersonRequest>(Options)!;
        var errors = Validate(people, person);
        RequireSlug(person.Slug, errors);
        Keep(batch, place, slug, errors, () => batch.People.Add(new PersonEntry(place, person)));
    }

    private void ReadMission(JsonObject body, LinePlace place, string? slug, CatalogueBatch batch)
    {
        var crewNode = Take(body, "crew");
        var mission = body.Deserialize<MissionRequest>(Options)!;
        var members = crewNode?.Deserialize<List<CrewEntry?>>(Options) ?? [];
        var errors = Validate(missions, mission);
        RequireSlug(mission.Slug, errors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < members.Count; i++)
        {
            if (members[i] is not { } member)
            {
                Add(errors, $"crew[{i}]", "Must be a crew row: person, role, launched, landed.");
                continue;
            }

            if (member.Person is null || !Slugs.IsValid(member.Person))
            {
                Add(errors, $"crew[{i}].person", "Is required: the slug of a person.");
            }
            else if (!seen.Add(member.Person))
            {
                Add(errors, $"crew[{i}].person", $"Names {member.Person} a second time.");
            }

            foreach (var (field, messages) in Validate(crew, new CrewMemberRequest(member.Role, member.Launched, member.Landed)))
            {
                errors[$"crew[{i}].{field}"] = messages;
            }
        }

        Keep(batch, place, slug, errors, () => batch.Missions.Add(new MissionEntry(place, mission, [.. members.OfType<CrewEntry>()])));
    }

    private void ReadRecord(JsonObject body, LinePlace place, string? slug, CatalogueBatch batch)
    {
        var holdingsNode = Take(body, "holdings");
        var record = body.Deserialize<RecordRequest>(Options)!;
        var list = holdingsNode?.Deserialize<List<HoldingRequest?>>(Options) ?? [];
        var errors = Validate(records, record);
        RequireSlug(record.Slug, errors);
        for (var i = 0; i < list.Count; i++)
        {
            if (list[i] is not { } holding)
            {
                Add(errors, $"holdings[{i}]", "Must be a holding object.");
                continue;
            }

            foreach (var (field, messages) in Validate(holdings, holding))
            {
                errors[$"holdings[{i}].{field}"] = messages;
            }
        }

        Keep(batch, place, slug, errors, () => batch.Records.Add(new RecordEntry(place, record, [.. list.OfType<HoldingRequest>()])));
    }

    private static JsonNode? Take(JsonObject body, string name)
    {
        if (!body.TryGetPropertyValue(name, out var node))
        {
            return null;
        }

        body.Remove(name);
        return node;
    }

    private static Dictionary<string, string[]> Validate<T>(IValidator<T> validator, T value) =>
        validator.Validate(value).Errors
            .GroupBy(e => e.PropertyName)
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray());

    private static void RequireSlug(string? slug, Dictionary<string, string[]> errors)
    {
        if (slug is null)
        {
            Add(errors, "slug", "Is required: catalogue lines are matched by slug.");
        }
    }

    private static void Add(Dictionary<string, string[]> errors, string field, string message) =>
        errors[field] = errors.TryGetValue(field, out var existing) ? [.. existing, message] : [message];

    private static void Keep(CatalogueBatch batch, LinePlace place, string? slug, Dictionary<string, string[]> errors, Action keep)
    {
        if (errors.Count == 0)
        {
            keep();
        }
        else
        {
            batch.Problems.Add(new LineProblem(place.Source, place.Line, slug, errors));
        }
    }

    private static void Refuse(CatalogueBatch batch, LinePlace place, string? slug, string field, string message) =>
        batch.Problems.Add(new LineProblem(place.Source, place.Line, slug, new Dictionary<string, string[]> { [field] = [message] }));

    /// <summary>The exception's message without its location and .NET type names.</summary>
    private static string Reason(JsonException exception)
    {
        var message = exception.Message;
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        message = (cut >= 0 ? message[..cut] : message).Trim().TrimEnd('.');
        return message.Contains("could not be converted", StringComparison.Ordinal) ? "a value of the wrong type" : message;
    }
}

using System.Text.Json.Nodes;
using FluentValidation;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Validation;
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

    /// <summary>The catalogue line's sources are URLs like every row's.</summary>
    private static readonly InlineValidator<CatalogueHeader> HeaderRules = new() { rules => rules.RuleFor(h => h.Sources).Sources() };

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
                    ReadHeader(body, place, batch);
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

    private static void ReadHeader(JsonObject body, LinePlace place, CatalogueBatch batch)
    {
        var header = body.Deserialize<CatalogueHeader>(Options)!;
        var errors = Validate(HeaderRules, header);
        Keep(batch, place, null, errors, () => batch.CompleteTo = header.CompleteTo ?? batch.CompleteTo);
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
        var errors = Validate(missions, mission);
        RequireSlug(mission.Slug, errors);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var members = ReadItems<CrewEntry>(crewNode, "crew", "Must be a crew row: person, role, launched, landed.", errors, (member, at) =>
        {
            if (member.Person is null || !Slugs.IsValid(member.Person))
            {
                Add(errors, at + ".person", "Is required: the slug of a person.");
            }
            else if (!seen.Add(member.Person))
            {
                Add(errors, at + ".person", $"Names {member.Person} a second time.");
            }

            ValidateInto(errors, at, crew, new CrewMemberRequest(member.Role, member.Launched, member.Landed));
        });
        Keep(batch, place, slug, errors, () => batch.Missions.Add(new MissionEntry(place, mission, members)));
    }

    private void ReadRecord(JsonObject body, LinePlace place, string? slug, CatalogueBatch batch)
    {
        var holdingsNode = Take(body, "holdings");
        var record = body.Deserialize<RecordRequest>(Options)!;
        var errors = Validate(records, record);
        RequireSlug(record.Slug, errors);
        var list = ReadItems<HoldingRequest>(holdingsNode, "holdings", "Must be a holding object.", errors,
            (holding, at) => ValidateInto(errors, at, holdings, holding));
        Keep(batch, place, slug, errors, () => batch.Records.Add(new RecordEntry(place, record, list)));
    }

    /// <summary>
    /// A line's nested list (a mission's crew, a record's holdings): each item must be an object of its
    /// kind (else <paramref name="shape"/> is reported at its place, such as crew[2]), and is then checked.
    /// </summary>
    private static List<T> ReadItems<T>(JsonNode? node, string name, string shape, Dictionary<string, string[]> errors, Action<T, string> check)
        where T : class
    {
        var items = node?.Deserialize<List<T?>>(Options) ?? [];
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is { } item)
            {
                check(item, $"{name}[{i}]");
            }
            else
            {
                Add(errors, $"{name}[{i}]", shape);
            }
        }

        return [.. items.OfType<T>()];
    }

    /// <summary>Validates a nested item, each problem named by its place: crew[2].role.</summary>
    private static void ValidateInto<T>(Dictionary<string, string[]> errors, string at, IValidator<T> validator, T value)
    {
        foreach (var (field, messages) in Validate(validator, value))
        {
            errors[$"{at}.{field}"] = messages;
        }
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

using System.Globalization;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Resources;

/// <summary>An endpoint's handler, named as its operationId, and what the document says of it.</summary>
public sealed record NamedEndpoint(Delegate Handler, string Summary, string Description);

/// <summary>
/// What the document says of a resource beyond what the shared endpoints say of every one: its tag, a slug
/// to show, and a sentence of its own for a GET, a create, a replace, a delete or the history where it
/// differs from the rest.
/// </summary>
public sealed record ResourceDocs(string TagDescription, string ExampleSlug)
{
    /// <summary>Replaces the GET's description.</summary>
    public string? Get { get; init; }

    /// <summary>Added to the create's description, before what it answers.</summary>
    public string? Create { get; init; }

    /// <summary>Added to the end of the replace's description.</summary>
    public string? Replace { get; init; }

    /// <summary>The kinds of problem the resource's own refusal of a replace (its RefuseReplace) answers with.</summary>
    public IReadOnlyList<ProblemType> ReplaceProblems { get; init; } = [];

    /// <summary>Added to the end of the delete's description.</summary>
    public string? Delete { get; init; }

    /// <summary>Replaces the history's description.</summary>
    public string? History { get; init; }

    /// <summary>False where nothing can refer to the resource, so a delete never answers 409.</summary>
    public bool DeleteConflicts { get; init; } = true;
}

/// <summary>
/// The routes every resource has, mapped the same way for each: GET / (its own list), GET /{ref}, POST /,
/// PUT /{ref}, PATCH /{ref}, DELETE /{ref} and GET /{ref}/history, each named after the resource (ListPeople, GetPerson,
/// CreatePerson, …) and declaring the answers of the shared read and write paths.
/// </summary>
public static class ResourceEndpoints
{
    public static RouteGroupBuilder MapResource<TRequest, TResource>(
        this IEndpointRouteBuilder routes, WritableResource<TRequest, TResource> resource, NamedEndpoint list, ResourceDocs docs)
        where TRequest : class, IResourceRequest
        where TResource : IResource
    {
        var kind = resource.Kind;
        var (singular, plural) = (Pascal(kind.Singular), Pascal(kind.Name));
        var group = routes.MapGroup("/" + kind.Name).WithTag(plural, docs.TagDescription);
        var byRef = $"The {kind.Singular}'s id or slug.";
        var withBody = BodyHandlers(resource);

        // PUT and PATCH change a resource alike: by ref, with If-Match, and they may rename it to a taken slug.
        RouteHandlerBuilder AsChange(RouteHandlerBuilder endpoint) =>
            endpoint.DescribeParameter("ref", byRef).ProducesConditionalWrite().ProducesProblem([ProblemTypes.SlugTaken, .. docs.ReplaceProblems]);

        group.MapGet("/", list.Handler).Describe(list.Handler.Method.Name, list.Summary, list.Description).WithFeedETag().WithReplicaReads();
        group.MapGet("/{ref}", (string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
                ResourceReads.GetAsync(resource, @ref, http, db, ct))
            .Describe("Get" + singular, $"Get a {kind.Singular} by id or slug", docs.Get ?? "Sends an ETag; with If-None-Match holding it, answers 304.")
            .DescribeParameter("ref", $"The {kind.Singular}'s id or slug, such as {docs.ExampleSlug}.")
            .ProducesConditionalRead();
        group.MapPost("/", withBody.Create)
            .Describe("Create" + singular, $"Create a {kind.Singular}",
                $"The slug is made from the {resource.SlugSourceName} when not given. {Sentence(docs.Create)}Answers 201 with Location, ETag and the {kind.Singular}.")
            .ProducesProblem(ProblemTypes.SlugTaken);
        AsChange(group.MapPut("/{ref}", withBody.Replace)
            .Describe("Replace" + singular, $"Replace a {kind.Singular}",
                $"Replaces every writable member: one left out becomes null or empty (the slug is kept), so send them all; to change a few, PATCH. "
                + $"The body may be what GET answered with members changed: the members only GET answers (id, version, …) are ignored, "
                + $"any other unknown member is a 400 (all of them listed). Needs If-Match with the {kind.Singular}'s current ETag: missing is 428, stale is 412.{Appended(docs.Replace)}"));
        AsChange(group.MapPatch("/{ref}", (string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
                ResourceWrites.PatchAsync(resource, @ref, http, db, ct))
            .Describe("Patch" + singular, $"Change some members of a {kind.Singular}",
                $"A JSON merge patch (RFC 7396) sent as {MergePatch.MediaType}, holding any of the request's members, each optional: "
                + "the members it holds replace the current ones, "
                + "null sets one to null (its default), an object merges into the current one and an array replaces it; members "
                + $"left out keep their values. The {kind.Singular} so changed is validated whole, as a PUT is, and written as a PUT "
                + "would write it (a new version and revision). Members only GET answers (id, version, …) are ignored; any other "
                + $"unknown member is a 400. Needs If-Match with the {kind.Singular}'s current ETag: missing is 428, stale is 412. "
                + "Another Content-Type is a 415.")
            .Accepts(typeof(TRequest), MergePatch.MediaType)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType));
        group.MapDelete("/{ref}", (string @ref, HttpContext http, NpgsqlDataSource db, CancellationToken ct) =>
                ResourceWrites.DeleteAsync(resource, @ref, http, db, ct))
            .Describe("Delete" + singular, $"Delete a {kind.Singular}",
                $"Soft delete: the {kind.Singular} leaves every list and GET answers 404; the history stays. Needs If-Match.{Appended(docs.Delete)}")
            .DescribeParameter("ref", byRef)
            .ProducesConditionalWrite(docs.DeleteConflicts)
            .ProducesProblem(docs.DeleteConflicts ? [ProblemTypes.ReferencedBy] : []);
        var history = group.MapHistory(kind).WithFeedETag();
        if (docs.History is { } description)
        {
            history.WithDescription(description);
        }

        return group;
    }

    /// <summary>
    /// The handlers that take the request's body, typed <c>Delegate</c> so that the route-handler analyzer
    /// does not read them: it fails (AD0001, a NullReferenceException) on a parameter whose type is a type
    /// parameter. The framework binds them as it binds any handler, from the delegate's own signature.
    /// </summary>
    private static (Delegate Create, Delegate Replace) BodyHandlers<TRequest, TResource>(WritableResource<TRequest, TResource> resource)
        where TRequest : class, IResourceRequest
        where TResource : IResource =>
    (
        (TRequest body, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => ResourceWrites.CreateAsync(resource, body, http, db, ct),
        (string @ref, TRequest body, HttpContext http, NpgsqlDataSource db, CancellationToken ct) => ResourceWrites.ReplaceAsync(resource, @ref, body, http, db, ct)
    );

    /// <summary>"flight engineer" → "FlightEngineer", as an operationId spells it.</summary>
    internal static string Pascal(string words) =>
        string.Concat(words.Split(' ').Select(word => char.ToUpper(word[0], CultureInfo.InvariantCulture) + word[1..]));

    private static string Sentence(string? text) => text is null ? "" : text + " ";

    private static string Appended(string? text) => text is null ? "" : " " + text;
}


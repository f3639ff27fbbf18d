using System.Globalization;
using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text.Json.Nodes;

namespace RecordsApi.Client;

/// <summary>
/// What people, missions and records share: read one (with or without If-None-Match), list with
/// keyset paging, create with an Idempotency-Key, replace with If-Match, update by read-change-write,
/// delete, and the history of revisions.
/// </summary>
public abstract class ResourceClient<TResource, TListItem, TRequest, TQuery>
    where TResource : IResource
    where TQuery : class
{
    private readonly string path;

    private protected ResourceClient(ApiConnection connection, RecordsApiClientOptions options, string path)
    {
        Connection = connection;
        Options = options;
        this.path = path;
    }

    private protected ApiConnection Connection { get; }

    private protected RecordsApiClientOptions Options { get; }

    /// <summary>One resource by id or slug, with its ETag.</summary>
    public Task<ApiResult<TResource>> GetAsync(string @ref, CancellationToken ct = default) =>
        Connection.SendAsync<TResource>(HttpMethod.Get, ItemPath(@ref), null, null, ct);

    /// <summary>The resource only if it no longer has <paramref name="etag"/>; otherwise a not-modified result without a body.</summary>
    public Task<ConditionalResult<TResource>> GetIfChangedAsync(string @ref, string etag, CancellationToken ct = default) =>
        Connection.GetIfNoneMatchAsync<TResource>(ItemPath(@ref), etag, ct);

    /// <summary>One page of the list; pass the previous page's NextCursor to get the next.</summary>
    public Task<ApiResult<Page<TListItem>>> ListPageAsync(TQuery? query = null, string? cursor = null, CancellationToken ct = default) =>
        Connection.SendAsync<Page<TListItem>>(HttpMethod.Get, Paths.With(path, [.. QueryOf(query), ("cursor", cursor)]), null, null, ct);

    /// <summary>Every item of the list, page by page as it is enumerated.</summary>
    public async IAsyncEnumerable<TListItem> ListAsync(TQuery? query = null, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        do
        {
            var page = (await ListPageAsync(query, cursor, ct).ConfigureAwait(false)).Value;
            foreach (var item in page.Items)
            {
                yield return item;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    /// <summary>
    /// Creates the resource (201, with Location and ETag). The create carries an Idempotency-Key, new for
    /// each call unless given, so the client's retries never create it twice; pass your own key to make a
    /// create safe to repeat across restarts (the repeat answers the first response, IdempotentReplayed true).
    /// </summary>
    public Task<ApiResult<TResource>> CreateAsync(TRequest request, string? idempotencyKey = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Connection.SendAsync<TResource>(HttpMethod.Post, path, request, ApiConnection.IdempotencyKey(idempotencyKey), ct);
    }

    /// <summary>Replaces every writable member, if the resource still has <paramref name="ifMatch"/> (else 412).</summary>
    public Task<ApiResult<TResource>> ReplaceAsync(string @ref, TRequest request, string ifMatch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Connection.SendAsync<TResource>(HttpMethod.Put, ItemPath(@ref), request, ApiConnection.IfMatch(ifMatch), ct);
    }

    /// <summary>
    /// Changes only the members <paramref name="patch"/> holds, as a JSON merge patch (RFC 7396): a member set
    /// to null is cleared, an object merges, an array replaces the list, and members left out keep their
    /// values (so members this client does not know of are never touched). Needs the resource's current
    /// <paramref name="ifMatch"/> (else 412); the service validates the changed resource whole (else 400).
    /// </summary>
    public Task<ApiResult<TResource>> PatchAsync(string @ref, JsonObject patch, string ifMatch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        var withIfMatch = ApiConnection.IfMatch(ifMatch);
        return Connection.SendAsync<TResource>(new HttpMethod("PATCH"), ItemPath(@ref), patch, request =>
        {
            request.Content!.Headers.ContentType = new MediaTypeHeaderValue("application/merge-patch+json");
            withIfMatch(request);
        }, ct);
    }

    /// <summary>
    /// Reads the resource, applies <paramref name="change"/> to its writable members and writes it back with
    /// If-Match. When someone else wrote in between (412), it reads again and applies the change again, up
    /// to <see cref="RecordsApiClientOptions.MaxUpdateAttempts"/> times, so <paramref name="change"/> may run
    /// more than once and should depend only on what it is given. Members this client does not know of are
    /// not sent, so the service treats them as omitted.
    /// </summary>
    public async Task<ApiResult<TResource>> UpdateAsync(string @ref, Func<TRequest, TRequest> change, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(change);
        for (var attempt = 1; ; attempt++)
        {
            var current = await GetAsync(@ref, ct).ConfigureAwait(false);
            // By id from here on: the change may rename the slug.
            @ref = current.Value.Id.ToString(CultureInfo.InvariantCulture);
            var changed = change(ToRequest(current.Value));
            try
            {
                return await ReplaceAsync(@ref, changed, current.ETag!, ct).ConfigureAwait(false);
            }
            catch (PreconditionFailedException) when (attempt < Options.MaxUpdateAttempts)
            {
                // Changed since it was read: read it again.
            }
        }
    }

    /// <summary>Deletes the resource (soft: its history stays), if it still has <paramref name="ifMatch"/>.</summary>
    public Task<ResponseInfo> DeleteAsync(string @ref, string ifMatch, CancellationToken ct = default) =>
        Connection.SendWithoutBodyAsync(HttpMethod.Delete, ItemPath(@ref), ApiConnection.IfMatch(ifMatch), ct);

    /// <summary>One page of the resource's revisions, oldest first (kept after a delete).</summary>
    public Task<ApiResult<Page<Revision>>> HistoryPageAsync(string @ref, string? cursor = null, int? pageSize = null, CancellationToken ct = default) =>
        Connection.SendAsync<Page<Revision>>(
            HttpMethod.Get, Paths.With(ItemPath(@ref) + "/history", ("limit", Paths.Number(pageSize)), ("cursor", cursor)), null, null, ct);

    /// <summary>Every revision of the resource, oldest first.</summary>
    public async IAsyncEnumerable<Revision> HistoryAsync(string @ref, [EnumeratorCancellation] CancellationToken ct = default)
    {
        string? cursor = null;
        do
        {
            var page = (await HistoryPageAsync(@ref, cursor, ct: ct).ConfigureAwait(false)).Value;
            foreach (var revision in page.Items)
            {
                yield return revision;
            }

            cursor = page.NextCursor;
        }
        while (cursor is not null);
    }

    private protected string ItemPath(string @ref)
    {
        ArgumentException.ThrowIfNullOrEmpty(@ref);
        return $"{path}/{Paths.Segment(@ref)}";
    }

    /// <summary>A list the service answers whole, in one answer (a crew, a person's flights).</summary>
    private protected async Task<ApiResult<IReadOnlyList<T>>> GetWholeListAsync<T>(string itemsPath, CancellationToken ct)
    {
        var whole = await Connection.SendAsync<Page<T>>(HttpMethod.Get, itemsPath, null, null, ct).ConfigureAwait(false);
        return new ApiResult<IReadOnlyList<T>>(whole.Value.Items, whole.Response);
    }

    private protected abstract TRequest ToRequest(TResource resource);

    private protected abstract IEnumerable<(string Name, string? Value)> QueryOf(TQuery? query);
}

/// <summary>People: /v1/people.</summary>
public sealed class PeopleClient : ResourceClient<Person, Person, PersonRequest, PeopleQuery>
{
    internal PeopleClient(ApiConnection connection, RecordsApiClientOptions options)
        : base(connection, options, "v1/people")
    {
    }

    /// <summary>The missions the person was aboard, with their seat, legs and age at launch.</summary>
    public Task<ApiResult<IReadOnlyList<Flight>>> GetFlightsAsync(string @ref, CancellationToken ct = default) =>
        GetWholeListAsync<Flight>(ItemPath(@ref) + "/flights", ct);

    private protected override PersonRequest ToRequest(Person resource) => resource.ToRequest();

    private protected override IEnumerable<(string Name, string? Value)> QueryOf(PeopleQuery? query) =>
    [
        ("q", query?.Q),
        ("nationality", query?.Nationality),
        ("occupation", query?.Occupation),
        ("sort", query?.Sort is { } sort ? ApiJson.Name(sort) : null),
        ("limit", Paths.Number(query?.PageSize)),
    ];
}

/// <summary>Missions and their crews: /v1/missions.</summary>
public sealed class MissionsClient : ResourceClient<Mission, Mission, MissionRequest, MissionsQuery>
{
    internal MissionsClient(ApiConnection connection, RecordsApiClientOptions options)
        : base(connection, options, "v1/missions")
    {
    }

    /// <summary>The crew, commander first. Its ETag is the mission's: send it as If-Match to change the crew.</summary>
    public Task<ApiResult<IReadOnlyList<CrewMember>>> GetCrewAsync(string @ref, CancellationToken ct = default) =>
        GetWholeListAsync<CrewMember>(ItemPath(@ref) + "/crew", ct);

    /// <summary>The crew only if the mission no longer has <paramref name="etag"/>.</summary>
    public async Task<ConditionalResult<IReadOnlyList<CrewMember>>> GetCrewIfChangedAsync(string @ref, string etag, CancellationToken ct = default)
    {
        var page = await Connection.GetIfNoneMatchAsync<Page<CrewMember>>(ItemPath(@ref) + "/crew", etag, ct).ConfigureAwait(false);
        return new ConditionalResult<IReadOnlyList<CrewMember>>(page.IsNotModified, page.Value?.Items, page.Response);
    }

    /// <summary>
    /// Puts a person on the crew, or changes their seat and legs, if the mission still has
    /// <paramref name="ifMatch"/>: 201 when added, 200 when replaced; the ETag is the mission's new one.
    /// </summary>
    public Task<ApiResult<CrewMember>> PutCrewMemberAsync(
        string @ref, string personRef, CrewMemberRequest member, string ifMatch, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(member);
        return Connection.SendAsync<CrewMember>(HttpMethod.Put, CrewPath(@ref, personRef), member, ApiConnection.IfMatch(ifMatch), ct);
    }

    /// <summary>Removes a person from the crew, if the mission still has <paramref name="ifMatch"/>.</summary>
    public Task<ResponseInfo> RemoveCrewMemberAsync(string @ref, string personRef, string ifMatch, CancellationToken ct = default) =>
        Connection.SendWithoutBodyAsync(HttpMethod.Delete, CrewPath(@ref, personRef), ApiConnection.IfMatch(ifMatch), ct);

    private string CrewPath(string @ref, string personRef)
    {
        ArgumentException.ThrowIfNullOrEmpty(personRef);
        return $"{ItemPath(@ref)}/crew/{Paths.Segment(personRef)}";
    }

    private protected override MissionRequest ToRequest(Mission resource) => resource.ToRequest();

    private protected override IEnumerable<(string Name, string? Value)> QueryOf(MissionsQuery? query) =>
    [
        ("q", query?.Q),
        ("operator", query?.Operator),
        ("kind", query?.Kind is { } kind ? ApiJson.Name(kind) : null),
        ("launchedFrom", Paths.Date(query?.LaunchedFrom)),
        ("launchedTo", Paths.Date(query?.LaunchedTo)),
        ("sort", query?.Sort is { } sort ? ApiJson.Name(sort) : null),
        ("limit", Paths.Number(query?.PageSize)),
    ];
}

/// <summary>Records and their holdings: /v1/records.</summary>
public sealed class RecordsClient : ResourceClient<Record, RecordSummary, RecordRequest, RecordsQuery>
{
    internal RecordsClient(ApiConnection connection, RecordsApiClientOptions options)
        : base(connection, options, "v1/records")
    {
    }

    /// <summary>Adds a holding (201, with Location); like a create, it carries an Idempotency-Key.</summary>
    public Task<ApiResult<Holding>> AddHoldingAsync(string @ref, HoldingRequest holding, string? idempotencyKey = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(holding);
        return Connection.SendAsync<Holding>(HttpMethod.Post, ItemPath(@ref) + "/holdings", holding, ApiConnection.IdempotencyKey(idempotencyKey), ct);
    }

    /// <summary>One holding of the record.</summary>
    public Task<ApiResult<Holding>> GetHoldingAsync(string @ref, long holdingId, CancellationToken ct = default) =>
        Connection.SendAsync<Holding>(HttpMethod.Get, $"{ItemPath(@ref)}/holdings/{holdingId.ToString(CultureInfo.InvariantCulture)}", null, null, ct);

    private protected override RecordRequest ToRequest(Record resource) => resource.ToRequest();

    private protected override IEnumerable<(string Name, string? Value)> QueryOf(RecordsQuery? query) =>
    [
        ("category", query?.Category is { } category ? ApiJson.Name(category) : null),
        ("q", query?.Q),
        ("limit", Paths.Number(query?.PageSize)),
    ];
}

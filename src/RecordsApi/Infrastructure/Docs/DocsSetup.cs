using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using RecordsApi.Infrastructure.Http;

namespace RecordsApi.Infrastructure.Docs;

/// <summary>
/// The OpenAPI document (/swagger/v1/swagger.json, committed as docs/openapi.json) and Swagger UI.
/// Everything the document says beyond what endpoints declare comes from the filters here, which
/// read each endpoint's metadata, so a new resource is documented by declaring its endpoints alone.
/// </summary>
public static class DocsSetup
{
    public const string DocumentName = "v1";

    /// <summary>Where ./run.sh starts the service: the server the committed document names.</summary>
    public const string LocalServer = "http://localhost:8080";

    private const string Description = """
        A public REST API of spaceflight records: **missions**, the **people** who flew them (with the role
        and the legs each flew), and **records** such as "first feature film shot in space" or "oldest person
        to fly in space", each with its progression of holders over time.

        **Conventions.** JSON with camelCase names. Instants are RFC 3339 in UTC (`2021-10-17T04:35:44Z`),
        dates are `YYYY-MM-DD`. Every resource has an integer `id` and a unique `slug`; a `{ref}` in a path
        takes either.

        **Lists** are keyset-paged: `limit` (1 to 200, default 50) and `cursor` (the `nextCursor` of the
        previous page, also sent as a `Link: <...>; rel="next"` header). An unknown query parameter or
        filter value is a 400, never silently ignored.

        **Writes.** Reads are public; writes need an API key in the `X-Api-Key` header (use **Authorize**
        in Swagger UI). `POST` answers 201 with an absolute `Location`. `GET` of one resource sends an `ETag`;
        `PUT` and `DELETE` need it back in `If-Match` (missing: 428, stale: 412), so nothing is ever
        overwritten blindly. Deletes are soft; every change is kept in the resource's `/history`.

        **HTTP.** An `ETag` is opaque: send it back whole (a record's may be `"3-1f0c…"`, never just `"3"`);
        a 412 sends the current one. Lists, histories and leaderboards send an `ETag` too, and answer
        `If-None-Match` holding it with 304. Every `GET` also answers `HEAD`. Answers over 1 KiB are
        compressed (`br`, `gzip`) when `Accept-Encoding` asks.

        **Errors** are RFC 9457 problems (`application/problem+json`) with `type`, `title`, `status`,
        `detail`, `instance` and `traceId`; validation problems add `errors` keyed by JSON field name.
        """;

    public static IServiceCollection AddApiDocs(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            // The API key first and the limits last, as when each was registered by its own setup: the document keeps its order.
            ApiKeyOperationFilter.Register(options);
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "Records API",
                Version = "v1",
                Description = Description,
                Contact = new OpenApiContact { Name = "Records API maintainers" },
                License = new OpenApiLicense
                {
                    Name = "CC BY-SA 4.0 (the data, gathered from the sources each resource cites)",
                    Url = new Uri("https://creativecommons.org/licenses/by-sa/4.0/"),
                },
            });
            // Every GET answers HEAD too (HeadRequests); the document lists the GETs, as generators expect.
            options.DocInclusionPredicate((document, api) =>
                api.HttpMethod != HttpMethods.Head && (api.GroupName is null || api.GroupName == document));
            // Generators take their default base URL from here (Kiota warns without one). The service runs at many
            // addresses, so the document it serves names the address it was fetched from instead (UseApiDocs).
            options.AddServer(Server(LocalServer, "local: ./run.sh, by default"));
            options.SupportNonNullableReferenceTypes();
            // A member whose type is another schema is allOf [that schema], so it keeps its own description and
            // can say it may be null (Holding? current is allOf [Holding] with nullable: true): a bare $ref can do
            // neither in OpenAPI 3.0. NSwag and Kiota read that form as "that type, or null"; anyOf [that schema,
            // a null object] made NSwag generate empty classes (Current, AgeAtLaunch2).
            options.UseAllOfToExtendReferenceSchemas();
            options.CustomSchemaIds(SchemaId);
            var xml = Path.Combine(AppContext.BaseDirectory, "RecordsApi.xml");
            if (File.Exists(xml))
            {
                options.IncludeXmlComments(xml);
            }

            options.ParameterFilter<QueryParameterNamesFilter>();
            options.ParameterFilter<ValidationRulesFilter>();
            options.ParameterFilter<EnumSchemasFilter>();
            options.SchemaFilter<EnumSchemasFilter>();
            options.SchemaFilter<ValidationRulesFilter>();
            options.SchemaFilter<ProblemSchemaFilter>();
            options.SchemaFilter<ExamplesSchemaFilter>();
            options.SchemaFilter<ResponseSchemasFilter>();
            options.SchemaFilter<TextBodySchemaFilter>();
            options.OperationFilter<ParameterDescriptionsFilter>();
            options.OperationFilter<TextResponsesFilter>();
            // Problems first: the headers filter adds rate-limit headers to every response, 429 and 503 included.
            options.OperationFilter<ProblemResponsesFilter>();
            options.OperationFilter<HttpHeadersFilter>();
            options.OperationFilter<LimitResponsesOperationFilter>();
            // After every filter that adds responses: the CORS headers are on all of them.
            options.OperationFilter<CorsHeadersFilter>();
            options.DocumentFilter<TagsDocumentFilter>();
            options.DocumentFilter<SecuredOperationsFilter>();
            options.DocumentFilter<MergePatchSchemaFilter>();
            // Last: it lists every operation's responses in order, those added above included.
            options.DocumentFilter<ResponseSchemasFilter>();
        });
        return services;
    }

    public static WebApplication UseApiDocs(this WebApplication app)
    {
        app.UseSwagger(options => options.PreSerializeFilters.Add((document, request) =>
            document.Servers = [Server($"{request.Scheme}://{request.Host}{request.PathBase}", "this service, where the document was fetched from (local, test or production)")]));
        app.UseSwaggerUI(options =>
        {
            options.SwaggerEndpoint($"/swagger/{DocumentName}/swagger.json", "Records API v1");
            options.RoutePrefix = "swagger";
            options.DocumentTitle = "Records API";
            options.DisplayOperationId();
            options.DisplayRequestDuration();
            options.EnablePersistAuthorization();
            // No online validator badge: the UI must not call out to third-party hosts.
            options.ConfigObject.ValidatorUrl = null;
        });
        app.MapGet("/", () => TypedResults.Redirect("/swagger")).ExcludeFromDescription().WithHeadForGets();
        return app;
    }

    private static OpenApiServer Server(string url, string description) => new()
    {
        Url = url,
        Description = description,
        // The audience (OWASP API9): the API is public.
        Extensions = new Dictionary<string, IOpenApiExtension>(StringComparer.Ordinal) { ["x-internal"] = new JsonNodeExtension(JsonValue.Create(false)) },
    };

    /// <summary>Page`1 of Person → PageOfPerson; everything else by its type name.</summary>
    private static string SchemaId(Type type) =>
        type.IsGenericType
            ? type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)] + "Of" + string.Concat(type.GetGenericArguments().Select(SchemaId))
            : type.Name;
}

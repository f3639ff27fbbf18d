namespace RecordsApi.Infrastructure.Http;

/// <summary>
/// HEAD on every GET route (RFC 9110 §9.3.2): the same handler answers, with the same status and headers
/// (ETag, Link, Cache-Control, Content-Type, Content-Encoding, 304 for a held If-None-Match), and no body.
/// </summary>
public static class HeadRequests
{
    /// <summary>Lets every GET endpoint of the group answer HEAD too. The OpenAPI document lists the GETs only.</summary>
    public static TBuilder WithHeadForGets<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.Add(endpoint =>
        {
            // Routing and the key rule (RequireKeyForWrites) read the last method metadata: add one that holds HEAD as well.
            if (endpoint.Metadata.OfType<IHttpMethodMetadata>().LastOrDefault() is { } methods
                && methods.HttpMethods.Contains(HttpMethods.Get, StringComparer.OrdinalIgnoreCase)
                && !methods.HttpMethods.Contains(HttpMethods.Head, StringComparer.OrdinalIgnoreCase))
            {
                endpoint.Metadata.Add(new HttpMethodMetadata([.. methods.HttpMethods, HttpMethods.Head], methods.AcceptCorsPreflight));
            }
        });
        return builder;
    }

    /// <summary>
    /// Drops whatever a handler writes in answer to HEAD. Kestrel would drop it too, but not every server does;
    /// outermost, so what runs inside (compression included) sets the headers a GET would get.
    /// </summary>
    public static IApplicationBuilder UseHeadWithoutBody(this IApplicationBuilder app) =>
        app.Use((context, next) =>
        {
            if (HttpMethods.IsHead(context.Request.Method))
            {
                context.Response.Body = Stream.Null;
            }

            return next(context);
        });
}

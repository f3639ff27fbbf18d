namespace RecordsApi.Infrastructure.Http;

/// <summary>
/// Reads are public, so any cache may keep them, but only to revalidate: <c>Cache-Control: no-cache</c>
/// makes a cache ask again every time (with If-None-Match where the response had an ETag, answered 304
/// without a body), so no cache ever serves a representation older than the latest committed write.
/// An endpoint that must not be stored at all sets its own header (POST /v1/keys: no-store).
/// </summary>
public static class ReadCaching
{
    public const string Revalidate = "no-cache";

    public static TBuilder WithRevalidatedReads<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.WithMetadata(RevalidatedReads.Instance);
        builder.AddEndpointFilter((context, next) =>
        {
            if (HttpMethods.IsGet(context.HttpContext.Request.Method) || HttpMethods.IsHead(context.HttpContext.Request.Method))
            {
                context.HttpContext.Response.Headers.CacheControl = Revalidate;
            }

            return next(context);
        });
        return builder;
    }
}

/// <summary>Marks endpoints whose reads send <see cref="ReadCaching.Revalidate"/>, for the OpenAPI document.</summary>
public sealed class RevalidatedReads
{
    public static readonly RevalidatedReads Instance = new();

    private RevalidatedReads()
    {
    }
}

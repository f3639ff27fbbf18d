using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Infrastructure.Http;

public static class ReadRetries
{
    /// <summary>
    /// GET and HEAD run once more when their database connection was lost (<see cref="ReadRetry"/>), so
    /// a database restart costs no failed reads. Reads only: they change nothing, so running one twice is harmless.
    /// </summary>
    public static TBuilder WithReadRetry<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder
    {
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
            {
                return await next(context);
            }

            return await http.RequestServices.GetRequiredService<ReadRetry>().RunAsync(_ => next(context).AsTask(), http.RequestAborted);
        });
        return builder;
    }
}

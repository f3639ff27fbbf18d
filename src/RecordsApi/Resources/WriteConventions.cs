namespace RecordsApi.Resources;

/// <summary>The answers the shared read and write paths can give, declared once for the OpenAPI document.</summary>
public static class WriteConventions
{
    /// <summary>A GET of one resource: its ETag, 304 when If-None-Match holds it, 404 when there is none.</summary>
    public static RouteHandlerBuilder ProducesConditionalRead(this RouteHandlerBuilder endpoint) =>
        endpoint.Produces(StatusCodes.Status304NotModified).ProducesProblem(StatusCodes.Status404NotFound);

    /// <summary>
    /// A write that needs If-Match: 404, 409 (unless <paramref name="conflicts"/> is false: nothing can
    /// conflict), 412 for a stale If-Match, 428 for none.
    /// </summary>
    public static RouteHandlerBuilder ProducesConditionalWrite(this RouteHandlerBuilder endpoint, bool conflicts = true)
    {
        endpoint.ProducesProblem(StatusCodes.Status404NotFound);
        if (conflicts)
        {
            endpoint.ProducesProblem(StatusCodes.Status409Conflict);
        }

        return endpoint.ProducesProblem(StatusCodes.Status412PreconditionFailed).ProducesProblem(StatusCodes.Status428PreconditionRequired);
    }
}

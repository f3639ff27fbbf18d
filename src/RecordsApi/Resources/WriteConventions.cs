using RecordsApi.Infrastructure.Docs;

namespace RecordsApi.Resources;

/// <summary>A write endpoint's handler, named as its operationId, and what the document says of it.</summary>
public sealed record WriteEndpoint(Delegate Handler, string Summary, string Description);

/// <summary>The answers the shared read and write paths can give, declared once for the OpenAPI document.</summary>
public static class WriteConventions
{
    /// <summary>
    /// POST / (201, or 409 for a taken slug), PUT /{ref} and DELETE /{ref} (If-Match: 404, 409, 412, 428;
    /// <paramref name="deleteConflicts"/> false where nothing can refer to the resource), each named after its handler.
    /// </summary>
    public static RouteGroupBuilder MapWrites(
        this RouteGroupBuilder group, WriteEndpoint create, WriteEndpoint replace, WriteEndpoint delete, bool deleteConflicts = true)
    {
        group.MapPost("/", create.Handler).Describe(create).ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPut("/{ref}", replace.Handler).Describe(replace).ProducesConditionalWrite();
        group.MapDelete("/{ref}", delete.Handler).Describe(delete).ProducesConditionalWrite(deleteConflicts);
        return group;
    }

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

    private static RouteHandlerBuilder Describe(this RouteHandlerBuilder endpoint, WriteEndpoint write) =>
        endpoint.Describe(write.Handler.Method.Name, write.Summary, write.Description);
}

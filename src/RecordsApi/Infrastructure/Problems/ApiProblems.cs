namespace RecordsApi.Infrastructure.Problems;

/// <summary>The problems handlers answer with, worded once so every resource says them alike.</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string resource, string reference) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            detail: $"No {resource} has the id or slug '{reference}'.");

    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, detail: detail);

    public static ProblemHttpResult Unprocessable(string detail, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status422UnprocessableEntity,
            detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult PreconditionRequired() =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status428PreconditionRequired,
            detail: "Send If-Match with the ETag from your last GET of this resource, so that a change made "
                + "meanwhile by someone else is not overwritten.");

    public static ProblemHttpResult PreconditionFailed(string etag) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status412PreconditionFailed,
            detail: $"The resource has changed since you read it; its ETag is now {etag}. GET it again, reapply your change and retry.");

    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });
}

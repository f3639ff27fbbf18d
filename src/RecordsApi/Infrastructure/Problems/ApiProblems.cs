namespace RecordsApi.Infrastructure.Problems;

/// <summary>The problems handlers answer with, worded once so every resource says them alike, each with its kind (<see cref="ProblemTypes"/>).</summary>
public static class ApiProblems
{
    public static ProblemHttpResult NotFound(string resource, string reference) =>
        Problem(ProblemTypes.NotFound, $"No {resource} has the id or slug '{reference}'.");

    /// <summary>A 409 of no more particular kind; prefer <see cref="SlugTaken"/>, <see cref="ReferencedBy"/> or a Problem of a particular kind.</summary>
    public static ProblemHttpResult Conflict(string detail) => Problem(ProblemTypes.Conflict, detail);

    public static ProblemHttpResult SlugTaken(string detail) => Problem(ProblemTypes.SlugTaken, detail);

    public static ProblemHttpResult ReferencedBy(string detail) => Problem(ProblemTypes.ReferencedBy, detail);

    public static ProblemHttpResult Unprocessable(string detail, IDictionary<string, string[]>? errors = null) =>
        Problem(ProblemTypes.Unprocessable, detail, errors);

    public static ProblemHttpResult PreconditionRequired() =>
        Problem(
            ProblemTypes.PreconditionRequired,
            "Send If-Match with the ETag from your last GET of this resource, so that a change made "
                + "meanwhile by someone else is not overwritten.");

    public static ProblemHttpResult PreconditionFailed(string etag) =>
        Problem(
            ProblemTypes.PreconditionFailed,
            $"The resource has changed since you read it; its ETag is now {etag}. GET it again, reapply your change and retry.");

    public static ProblemHttpResult BadRequest(string detail, IDictionary<string, string[]>? errors = null) =>
        Problem(errors is null ? ProblemTypes.MalformedRequest : ProblemTypes.Validation, detail, errors);

    /// <summary>A problem of the given kind, with its status, title and type; <paramref name="errors"/> names the fields at fault.</summary>
    public static ProblemHttpResult Problem(ProblemType kind, string detail, IDictionary<string, string[]>? errors = null) =>
        Problem(kind, detail, errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });

    public static ProblemHttpResult Problem(ProblemType kind, string detail, IDictionary<string, object?>? extensions) =>
        TypedResults.Problem(statusCode: kind.Status, title: kind.Title, type: kind.Uri, detail: detail, extensions: extensions);
}

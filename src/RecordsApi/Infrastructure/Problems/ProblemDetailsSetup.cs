using System.Diagnostics;
using RecordsApi.Infrastructure.Json;

namespace RecordsApi.Infrastructure.Problems;

public static class ProblemDetailsSetup
{
    /// <summary>Every error the service answers is an RFC 9457 problem with a traceId.</summary>
    public static IServiceCollection AddApiProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = Complete);
        services.AddExceptionHandler<ApiExceptionHandler>();
        // Binding failures (malformed JSON, wrong content type, unparsable query values) become
        // exceptions the handler above turns into problems that say what to fix.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        return services;
    }

    public static IApplicationBuilder UseApiProblemDetails(this IApplicationBuilder app)
    {
        app.UseExceptionHandler();
        // Empty error responses (unknown route, wrong method, ...) get a problem body too.
        app.UseStatusCodePages();
        return app;
    }

    private static void Complete(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var http = context.HttpContext;
        var status = problem.Status ?? http.Response.StatusCode;
        problem.Status = status;
        // The framework fills in the RFC section of the status; every problem names its own kind instead.
        var kind = ProblemTypes.Find(problem.Type) ?? DefaultKind(problem, status);
        problem.Type = kind.Uri;
        problem.Title = kind.Title;
        problem.Detail ??= DefaultDetail(http, status);
        problem.Instance ??= http.Request.Path.Value;
        problem.Extensions["traceId"] = Activity.Current?.Id ?? http.TraceIdentifier;
    }

    private static string DefaultDetail(HttpContext http, int status) => status switch
    {
        StatusCodes.Status404NotFound => $"Nothing exists at {http.Request.Path}. The API lives under /v1; see /swagger for every path.",
        StatusCodes.Status405MethodNotAllowed =>
            $"{http.Request.Method} is not allowed on {http.Request.Path}. Allowed: {AllowedMethods(http)}.",
        StatusCodes.Status415UnsupportedMediaType when HttpMethods.IsPatch(http.Request.Method) => UnsupportedPatch(http),
        StatusCodes.Status415UnsupportedMediaType => "Send the request body as JSON with Content-Type: application/json.",
        StatusCodes.Status413PayloadTooLarge => "The request body is too large.",
        StatusCodes.Status500InternalServerError => "An unexpected error occurred. Quote the traceId when you report it.",
        _ => ReasonPhrases.For(status) + ".",
    };

    /// <summary>A PATCH takes a merge patch only (routing refuses the rest): say so, in the body and in Accept-Patch (RFC 5789).</summary>
    private static string UnsupportedPatch(HttpContext http)
    {
        http.Response.Headers["Accept-Patch"] = MergePatch.MediaType;
        return $"Send a PATCH as a JSON merge patch (RFC 7396) with Content-Type: {MergePatch.MediaType}; to send a whole resource, PUT it as application/json.";
    }

    private static string AllowedMethods(HttpContext http)
    {
        var allow = http.Response.Headers.Allow.ToString();
        return allow.Length > 0 ? allow : "see /swagger";
    }

    /// <summary>A problem that did not name its kind: a 400 without field errors could not be read at all; otherwise the status's kind.</summary>
    private static ProblemType DefaultKind(Microsoft.AspNetCore.Mvc.ProblemDetails problem, int status) =>
        status == StatusCodes.Status400BadRequest && !HasErrors(problem) ? ProblemTypes.MalformedRequest : ProblemTypes.ForStatus(status);

    private static bool HasErrors(Microsoft.AspNetCore.Mvc.ProblemDetails problem) =>
        problem is HttpValidationProblemDetails { Errors.Count: > 0 } || problem.Extensions.ContainsKey("errors");

    private static class ReasonPhrases
    {
        public static string For(int status) =>
            Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
    }
}

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
        problem.Type ??= TypeFor(status);
        problem.Title ??= ReasonPhrases.For(status);
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

    internal static string TypeFor(int status) => status switch
    {
        400 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.1",
        401 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.2",
        403 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.4",
        404 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.5",
        405 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.6",
        406 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.7",
        408 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.9",
        409 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.10",
        412 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.13",
        413 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.14",
        415 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.16",
        422 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.5.21",
        428 => "https://www.rfc-editor.org/rfc/rfc6585#section-3",
        429 => "https://www.rfc-editor.org/rfc/rfc6585#section-4",
        500 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.1",
        503 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.4",
        504 => "https://www.rfc-editor.org/rfc/rfc9110#section-15.6.5",
        _ => "about:blank",
    };

    private static class ReasonPhrases
    {
        public static string For(int status) =>
            Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : "Error";
    }
}

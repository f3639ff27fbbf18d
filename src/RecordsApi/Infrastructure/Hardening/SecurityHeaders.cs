namespace RecordsApi.Infrastructure.Hardening;

/// <summary>
/// Headers that make a browser treat every answer as inert data: no content sniffing, no referrer
/// leaks, and a Content-Security-Policy that allows nothing at all, except on the Swagger UI pages,
/// which may load their own scripts and styles (and nothing from elsewhere).
/// </summary>
internal static class SecurityHeaders
{
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// Swagger UI: its files from this origin only; inline styles (it sets style attributes); data:
    /// images (its icons); fetches to this origin (the OpenAPI document and "Try it out").
    /// </summary>
    public const string DocsPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    public const string DocsPath = "/swagger";

    public static IApplicationBuilder UseSecurityHeaders(this IApplicationBuilder app) =>
        app.Use((http, next) =>
        {
            // At the start of the response, so that error answers written after a reset carry them too.
            http.Response.OnStarting(() =>
            {
                var headers = http.Response.Headers;
                headers.XContentTypeOptions = "nosniff";
                headers["Referrer-Policy"] = "no-referrer";
                headers.ContentSecurityPolicy = http.Request.Path.StartsWithSegments(DocsPath) ? DocsPolicy : ApiPolicy;
                return Task.CompletedTask;
            });
            return next(http);
        });
}

using Microsoft.AspNetCore.Http.Extensions;

namespace RecordsApi.Infrastructure.Http;

/// <summary>Location headers, absolute like the Link headers, so a client follows either without resolving it.</summary>
public static class Locations
{
    /// <summary>The absolute URL of <paramref name="path"/> (such as /v1/people/12) on the host the request came to.</summary>
    public static string Absolute(HttpRequest request, string path) =>
        UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, new PathString(path));
}

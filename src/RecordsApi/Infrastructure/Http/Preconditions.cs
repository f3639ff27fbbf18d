using Microsoft.Net.Http.Headers;

namespace RecordsApi.Infrastructure.Http;

/// <summary>
/// ETags and conditional requests (RFC 9110 §13). A resource's ETag is its version, so a write can
/// be made conditional in the same UPDATE that performs it: no read-then-write race.
/// </summary>
public static class Preconditions
{
    public static string ETagFor(int version) => $"\"{version}\"";

    /// <summary>Sets ETag and says whether If-None-Match already holds it (answer 304 then).</summary>
    public static bool IsNotModified(HttpContext http, int version)
    {
        var etag = ETagFor(version);
        http.Response.Headers.ETag = etag;
        var ifNoneMatch = http.Request.Headers.IfNoneMatch;
        if (ifNoneMatch.Count == 0)
        {
            return false;
        }

        // Weak comparison for If-None-Match: W/"3" matches "3".
        return EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Value == etag);
    }

    /// <summary>What If-Match asks for: nothing (428), any current version (*), or one of some versions.</summary>
    public static IfMatch ReadIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            return IfMatch.Missing;
        }

        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return new IfMatch(true, false, []);
        }

        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            return new IfMatch(true, true, []);
        }

        // Strong comparison for If-Match: a weak tag never matches.
        var versions = tags.Where(tag => !tag.IsWeak)
            .Select(tag => int.TryParse(tag.Tag.Value.AsSpan().Trim('"'), out var v) ? v : -1)
            .Where(v => v > 0)
            .ToArray();
        return new IfMatch(true, false, versions);
    }
}

/// <summary>An If-Match header read: Present, Any (*), or the versions it names (none may be valid).</summary>
public sealed record IfMatch(bool Present, bool Any, int[] Versions)
{
    public static readonly IfMatch Missing = new(false, false, []);

    /// <summary>For SQL: null matches any version, else the row's version must be one of these.</summary>
    public int[]? AcceptedVersions => Any ? null : Versions;
}

using System.Security.Cryptography;
using System.Text;
using Microsoft.Net.Http.Headers;
using RecordsApi.Infrastructure.Problems;

namespace RecordsApi.Resources;

/// <summary>
/// ETags and conditional requests (RFC 9110 §13), one rule for every resource: an ETag is opaque and
/// compared whole. A resource's ETag is its version ("3"); a representation that also shows data computed
/// from other resources (a record's agreement with the leaderboards) adds a digest of that part ("3-1f0c…"),
/// so it changes when either does. If-None-Match compares weakly (W/"3" matches "3"), If-Match strongly,
/// and neither reads a version out of a tag: "3-0000000000000000" is not "3-1f0c…", and "3" is neither.
/// </summary>
public static class Preconditions
{
    public static string ETagFor(int version) => $"\"{version}\"";

    /// <summary>The ETag of a representation that also shows data computed from other resources: the version, then a digest of the computed part.</summary>
    public static string ETagFor(int version, string computed) =>
        $"\"{version}-{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(computed)))[..16]}\"";

    /// <summary>Sets ETag and says whether If-None-Match already holds it (answer 304 then).</summary>
    public static bool SetETagAndCheckNotModified(HttpContext http, int version) => SetETagAndCheckNotModified(http, ETagFor(version));

    /// <summary>Sets ETag and says whether If-None-Match already holds it (answer 304 then).</summary>
    public static bool SetETagAndCheckNotModified(HttpContext http, string etag)
    {
        http.Response.Headers.ETag = etag;
        return IfNoneMatchHolds(http.Request, etag);
    }

    /// <summary>Whether If-None-Match names <paramref name="etag"/> (weak comparison: W/"3" matches "3") or is *.</summary>
    public static bool IfNoneMatchHolds(HttpRequest request, string etag)
    {
        var ifNoneMatch = request.Headers.IfNoneMatch;
        return ifNoneMatch.Count > 0
            && EntityTagHeaderValue.TryParseList(ifNoneMatch, out var tags)
            && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Tag.Value == etag);
    }

    /// <summary>What If-Match asks for: nothing (428), any current representation (*), or one of some ETags.</summary>
    public static IfMatch ReadIfMatch(HttpRequest request)
    {
        var header = request.Headers.IfMatch;
        if (header.Count == 0 || string.IsNullOrWhiteSpace(header.ToString()))
        {
            return IfMatch.Missing;
        }

        // A header that does not parse names no ETag, so it matches nothing (412), like a stale one.
        if (!EntityTagHeaderValue.TryParseList(header, out var tags))
        {
            return new IfMatch(true, false, []);
        }

        if (tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any)))
        {
            return new IfMatch(true, true, []);
        }

        // Strong comparison for If-Match: a weak tag never matches.
        return new IfMatch(true, false, [.. tags.Where(tag => !tag.IsWeak).Select(tag => tag.Tag.Value!)]);
    }

    /// <summary>
    /// A 412: If-Match does not hold the current ETag. The current ETag goes in the ETag header, where a
    /// client reads it, as well as in the detail.
    /// </summary>
    public static ProblemHttpResult Failed(HttpContext http, string currentETag)
    {
        http.Response.Headers.ETag = currentETag;
        return ApiProblems.PreconditionFailed(currentETag);
    }
}

/// <summary>An If-Match header read: Present, Any (*), or the ETags it names (none may be current).</summary>
public sealed record IfMatch(bool Present, bool Any, string[] ETags)
{
    public static readonly IfMatch Missing = new(false, false, []);

    /// <summary>Whether a resource whose current ETag is <paramref name="currentETag"/> may be written: the whole tag must match.</summary>
    public bool Accepts(string currentETag) => Any || ETags.Contains(currentETag, StringComparer.Ordinal);
}

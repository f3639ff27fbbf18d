using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using RecordsApi.Infrastructure.Database;

namespace RecordsApi.Resources;

/// <summary>
/// Validators for answers made from many resources (lists, histories, leaderboards, progressions). Such an
/// answer changes only when some resource does, and every write appends a revision that the changes feed
/// numbers, so its ETag is a digest of the feed's latest sequence, the request's path and query, the build
/// (a new build may shape answers differently) and whatever else the answer depends on (the day, for a
/// leaderboard). A poll whose If-None-Match holds it is a 304 before the answer is computed.
/// </summary>
/// <remarks>
/// The sequence is read after numbering (<see cref="RevisionNumbering"/>) and before the answer, so the answer
/// is at least as new as the sequence: a write committed in between makes the next poll a 200, never a 304
/// with stale data.
/// </remarks>
public static class FeedETags
{
    private static readonly string Build = typeof(FeedETags).Assembly.ManifestModule.ModuleVersionId.ToString("N");

    /// <summary>Numbers every committed revision still waiting and returns the latest sequence of the changes feed.</summary>
    public static Task<long> LatestSequenceAsync(NpgsqlConnection connection, CancellationToken cancellationToken) =>
        RevisionNumbering.NumberAsync(connection, cancellationToken);

    /// <summary>The ETag of the answer to <paramref name="request"/> with the feed at <paramref name="sequence"/>.</summary>
    public static string For(HttpRequest request, long sequence, string? dependsOn = null)
    {
        var identity = string.Join('\n', Build, request.Path.Value, request.QueryString.Value, sequence.ToString(CultureInfo.InvariantCulture), dependsOn);
        return $"\"{Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(identity)))[..20]}\"";
    }

    /// <summary>
    /// Sends <paramref name="etag"/> with the answer if it is a 200 (a problem has no validator) and says whether
    /// If-None-Match already holds it: answer 304 then, with the ETag.
    /// </summary>
    public static bool SetAndCheckNotModified(HttpContext http, string etag)
    {
        if (Preconditions.IfNoneMatchHolds(http.Request, etag))
        {
            http.Response.Headers.ETag = etag;
            return true;
        }

        http.Response.OnStarting(() =>
        {
            if (http.Response.StatusCode == StatusCodes.Status200OK)
            {
                http.Response.Headers.ETag = etag;
            }

            return Task.CompletedTask;
        });
        return false;
    }

    /// <summary>
    /// Gives a read whose answer depends on nothing but the data and its URL (a list, a history) a feed ETag,
    /// and answers 304 without running the handler when If-None-Match holds it.
    /// </summary>
    public static RouteHandlerBuilder WithFeedETag(this RouteHandlerBuilder endpoint)
    {
        endpoint.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            long sequence;
            await using (var connection = await http.RequestServices.GetRequiredService<Databases>().ForRead(http).OpenForAsync(http, http.RequestAborted))
            {
                sequence = await LatestSequenceAsync(connection, http.RequestAborted);
            }

            return SetAndCheckNotModified(http, For(http.Request, sequence))
                ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
                : await next(context);
        });
        return endpoint.Produces(StatusCodes.Status304NotModified);
    }
}

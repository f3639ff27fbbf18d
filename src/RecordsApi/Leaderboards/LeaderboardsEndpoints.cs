using System.Globalization;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Docs;
using RecordsApi.Infrastructure.Validation;
using RecordsApi.Resources;

namespace RecordsApi.Leaderboards;

public static class LeaderboardsEndpoints
{
    private const string MetricDescription = "oldest-at-launch, youngest-at-launch, longest-flight, most-flights or most-time-in-space.";

    public static RouteGroupBuilder MapLeaderboards(this IEndpointRouteBuilder routes)
    {
        var group = routes.MapGroup("/leaderboards").WithTag("Leaderboards",
            "Standings computed from the missions, crews and birth dates, never stored by hand: oldest and youngest at launch, longest flight, most flights, most time in space, as of any date.")
            .WithReplicaReads();

        group.MapGet("/", ListLeaderboards)
            .Describe("ListLeaderboards", "The leaderboards the service computes",
                "Each metric with its unit. Leaderboards are computed from missions, crews and birth dates, never entered by hand.");
        group.MapGet("/{metric}", GetLeaderboard)
            .Describe("GetLeaderboard", "The standings of a leaderboard, on a day",
                "Each person once, with the flight that set their standing. `value` is sortable and in the board's `unit`: "
                + "age in days on the (UTC) launch date for oldest-at-launch (the person's latest launch) and youngest-at-launch (their first), "
                + "with `age` as {years, days}; flight duration in seconds for longest-flight, with `duration` as {days, hours, minutes, seconds} "
                + "and the `landingMission`; number of flights for most-flights; total time in space in seconds for most-time-in-space, with `duration`, "
                + "set on the landing of the flight that brought the total. `asOf` gives the standings as they stood at the end of a day: "
                + "flights launched on or before it count, and for longest-flight and most-time-in-space only flights that had landed by then. `boundary` says which "
                + "flights count as spaceflight: orbital ones always, suborbital ones whose apogee reached 100 km (karman, the default) or 80 km (80km). "
                + "People without a known birth date are left out of the age boards. Equal values share a rank. "
                + "Sends an ETag that changes when the data or the day does; with If-None-Match holding it, answers 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        group.MapGet("/{metric}/progression", GetProgression)
            .Describe("GetLeaderboardProgression", "The succession of leaders of a leaderboard",
                "Every person who took the lead, oldest first, with the flight, the day (the launch date; the landing date for longest-flight and most-time-in-space), "
                + "the value that beat every earlier one, and `heldUntil`, the day the next holder took over (null for the current holder). "
                + "People tied for the lead on the same day are co-holders and share the date. `asOf` (default today) tells the succession as it stood "
                + "at the end of that day: leads taken after it are left out, and the holder on that day has `heldUntil` null. "
                + "Sends an ETag that changes when the data or the day does; with If-None-Match holding it, answers 304.")
            .Produces(StatusCodes.Status304NotModified)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return group;
    }

    public static Ok<LeaderboardIndex> ListLeaderboards() =>
        TypedResults.Ok(new LeaderboardIndex([.. Metric.All.Select(metric => metric.ToContract())]));

    public static async Task<Results<Ok<Leaderboard>, StatusCodeHttpResult, ProblemHttpResult>> GetLeaderboard(
        [Description(MetricDescription)][EnumSchema<MetricName>] string metric, [AsParameters] LeaderboardQuery query, HttpContext http, Databases databases, CoverageCache coverage, TimeProvider time, CancellationToken ct)
    {
        if (Metric.Find(metric) is not { } board)
        {
            return UnknownMetric(metric);
        }

        var boundary = query.Boundary ?? Boundaries.Karman;
        var today = LeaderboardDates.Today(time);
        var asOf = query.AsOf is { } text && Rules.TryParseDate(text, out var date) ? date : today;
        await using var connection = await databases.ForRead(http).OpenForAsync(http, ct);
        var (notModified, covered) = await ValidateAsync(http, connection, coverage, boundary, asOf, today, ct);
        if (notModified)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var rows = await LeaderboardsStore.StandingsAsync(connection, board, boundary, asOf, today, query.Limit ?? LeaderboardQuery.DefaultLimit, ct);
        return TypedResults.Ok(new Leaderboard(board.Name, boundary, asOf, board.Unit, [.. rows.Select(row => row.ToStanding(board))], covered));
    }

    public static async Task<Results<Ok<LeaderboardProgression>, StatusCodeHttpResult, ProblemHttpResult>> GetProgression(
        [Description(MetricDescription)][EnumSchema<MetricName>] string metric, [AsParameters] ProgressionQuery query, HttpContext http, Databases databases, CoverageCache coverage, TimeProvider time, CancellationToken ct)
    {
        if (Metric.Find(metric) is not { } board)
        {
            return UnknownMetric(metric);
        }

        var boundary = query.Boundary ?? Boundaries.Karman;
        await using var connection = await databases.ForRead(http).OpenForAsync(http, ct);
        var today = LeaderboardDates.Today(time);
        var asOf = query.AsOf is { } text && Rules.TryParseDate(text, out var date) ? date : today;
        var (notModified, covered) = await ValidateAsync(http, connection, coverage, boundary, asOf, today, ct);
        if (notModified)
        {
            return TypedResults.StatusCode(StatusCodes.Status304NotModified);
        }

        var rows = await LeaderboardsStore.ProgressionAsync(connection, board, boundary, asOf, ct);
        return TypedResults.Ok(new LeaderboardProgression(board.Name, boundary, asOf, board.Unit, [.. rows.Select(row => row.ToStep(board))], covered));
    }

    /// <summary>
    /// A board's validator: the changes feed's sequence, the day (a board without asOf is today's) and the coverage's
    /// completeTo (an import may move it without changing a resource). Returns whether If-None-Match holds it, and the
    /// coverage, counted at that sequence so that the answer is never older than its ETag.
    /// </summary>
    private static async Task<(bool NotModified, Coverage Coverage)> ValidateAsync(
        HttpContext http, NpgsqlConnection connection, CoverageCache coverage, string boundary, DateOnly asOf, DateOnly today, CancellationToken ct)
    {
        var sequence = await FeedETags.LatestSequenceAsync(connection, ct);
        var covered = await coverage.GetAsync(connection, boundary, asOf, sequence, ct);
        var etag = FeedETags.For(http.Request, sequence, string.Join('|', today.ToString("O", CultureInfo.InvariantCulture), covered.CompleteTo?.ToString("O", CultureInfo.InvariantCulture)));
        return (FeedETags.SetAndCheckNotModified(http, etag), covered);
    }

    private static ProblemHttpResult UnknownMetric(string metric) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            detail: $"There is no leaderboard '{metric}'. The leaderboards are: {string.Join(", ", Metric.Names)}.",
            extensions: new Dictionary<string, object?> { ["metrics"] = Metric.Names });
}

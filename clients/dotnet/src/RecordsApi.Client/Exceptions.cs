using System.Net;

namespace RecordsApi.Client;

/// <summary>
/// A problem the service answered (RFC 9457 application/problem+json): the status, the problem's
/// members, the field errors of a validation problem, and the trace id to quote in a report.
/// The subclasses name the statuses a program usually handles; any other status (401, 403, 413,
/// 500, 503 after the retries, …) is this class itself.
/// </summary>
public class RecordsApiException : Exception
{
    public RecordsApiException()
    {
    }

    public RecordsApiException(string message)
        : base(message)
    {
    }

    public RecordsApiException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    internal RecordsApiException(Problem problem)
        : base(problem.Message)
    {
        Status = problem.Status;
        Type = problem.Type;
        Title = problem.Title;
        Detail = problem.Detail;
        Instance = problem.Instance;
        TraceId = problem.TraceId;
        Errors = problem.Errors;
        Response = problem.Response;
    }

    public HttpStatusCode Status { get; }

    /// <summary>A URI naming the kind of problem.</summary>
    public string? Type { get; }

    public string? Title { get; }

    /// <summary>What went wrong in this request, and what to do about it.</summary>
    public string? Detail { get; }

    /// <summary>The path of the request.</summary>
    public string? Instance { get; }

    /// <summary>Identifies the request in the service's logs: quote it when reporting a problem.</summary>
    public string? TraceId { get; }

    /// <summary>Each field to fix, by its JSON name, with what is wrong with it (empty when the problem names none).</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; } = new Dictionary<string, string[]>();

    /// <summary>The headers of the problem's response (ETag, RateLimit).</summary>
    public ResponseInfo? Response { get; }
}

/// <summary>400: the request is not valid; <see cref="RecordsApiException.Errors"/> names every field to fix.</summary>
public sealed class BadRequestException : RecordsApiException
{
    internal BadRequestException(Problem problem)
        : base(problem)
    {
    }
}

/// <summary>404: no such resource (or route).</summary>
public sealed class NotFoundException : RecordsApiException
{
    internal NotFoundException(Problem problem)
        : base(problem)
    {
    }
}

/// <summary>409: the request conflicts with the current state, such as a slug already taken or a delete that references block.</summary>
public sealed class ConflictException : RecordsApiException
{
    internal ConflictException(Problem problem)
        : base(problem)
    {
    }
}

/// <summary>412: the resource changed since the ETag sent as If-Match was read. Read it again, then retry.</summary>
public sealed class PreconditionFailedException : RecordsApiException
{
    internal PreconditionFailedException(Problem problem)
        : base(problem)
    {
    }

    /// <summary>The resource's current ETag, when the service sent it.</summary>
    public string? CurrentETag => Response?.ETag;
}

/// <summary>422: understood but not possible, such as an Idempotency-Key reused with another request, or a crew member born after the flight.</summary>
public sealed class UnprocessableEntityException : RecordsApiException
{
    internal UnprocessableEntityException(Problem problem)
        : base(problem)
    {
    }
}

/// <summary>428: a write without If-Match.</summary>
public sealed class PreconditionRequiredException : RecordsApiException
{
    internal PreconditionRequiredException(Problem problem)
        : base(problem)
    {
    }
}

/// <summary>429: the budget is spent (after the client's own retries, when the wait was too long or they ran out).</summary>
public sealed class TooManyRequestsException : RecordsApiException
{
    internal TooManyRequestsException(Problem problem, TimeSpan? retryAfter)
        : base(problem)
    {
        RetryAfter = retryAfter;
    }

    /// <summary>How long to wait before the budget allows another request.</summary>
    public TimeSpan? RetryAfter { get; }
}

using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using RecordsApi.Infrastructure.Database;
using RecordsApi.Infrastructure.Json;
using RecordsApi.Infrastructure.Telemetry;

namespace RecordsApi.Infrastructure.Problems;

/// <summary>
/// Turns exceptions into problems. Client mistakes get a 4xx that says what to fix; an unreachable
/// database is a 503 with Retry-After; anything else is a bare 500 whose details stay in the log.
/// </summary>
internal sealed partial class ApiExceptionHandler(IProblemDetailsService problems, ILogger<ApiExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken cancellationToken)
    {
        if (http.Response.HasStarted)
        {
            return false;
        }

        var problem = Describe(http, exception);
        if (problem.Status >= 500)
        {
            if (problem.Status == StatusCodes.Status503ServiceUnavailable)
            {
                http.Response.Headers.RetryAfter = "5";
                LogUnavailable(logger, http.Request.Method, http.Request.Path, exception.Message);
                http.RequestServices.GetRequiredService<ApiMetrics>().DatabaseUnavailable(exception);
            }
            else
            {
                LogUnexpected(logger, exception, http.Request.Method, http.Request.Path);
            }
        }

        http.Response.StatusCode = problem.Status ?? StatusCodes.Status500InternalServerError;
        return await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem, Exception = exception });
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Describe(HttpContext http, Exception exception)
    {
        if (exception is BadHttpRequestException badRequest)
        {
            return DescribeBadRequest(http, badRequest);
        }

        if (exception is JsonException json)
        {
            return JsonProblem(http, json);
        }

        if (DatabaseErrors.IsUnavailable(exception))
        {
            return new() { Status = 503, Type = ProblemTypes.DatabaseUnavailable.Uri, Detail = "The database is unavailable right now. Retry after the number of seconds in Retry-After." };
        }

        if (exception is OperationCanceledException && http.RequestAborted.IsCancellationRequested)
        {
            return new() { Status = 499, Title = "Client Closed Request", Detail = "The client closed the request." };
        }

        return new() { Status = 500 };
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails DescribeBadRequest(HttpContext http, BadHttpRequestException exception)
    {
        if (exception.InnerException is JsonException json)
        {
            return JsonProblem(http, json);
        }

        var status = exception.StatusCode;
        if (status == StatusCodes.Status415UnsupportedMediaType || status == StatusCodes.Status413PayloadTooLarge)
        {
            return new() { Status = status };
        }

        if (FailedToBind().Match(exception.Message) is { Success: true } bind)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(bind.Groups["name"].Value);
            var expected = Expected(bind.Groups["type"].Value);
            return Validation($"The query or route value '{bind.Groups["value"].Value}' for '{name}' is not valid: it must be {expected}.",
                name, $"Must be {expected}.");
        }

        if (exception.Message.Contains("from the request body", StringComparison.Ordinal)
            || exception.Message.Contains("Implicit body", StringComparison.Ordinal)
            || exception.Message.Contains("was not provided from body", StringComparison.Ordinal))
        {
            return new() { Status = 400, Detail = "A JSON request body is required, with Content-Type: application/json." };
        }

        if (NotProvided().Match(exception.Message) is { Success: true } missing)
        {
            var name = JsonNamingPolicy.CamelCase.ConvertName(missing.Groups["name"].Value);
            return Validation($"The parameter '{name}' is required.", name, "Required.");
        }

        return new() { Status = status, Detail = "The request could not be read. Check its syntax against /swagger." };
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails JsonProblem(HttpContext http, JsonException exception)
    {
        if (exception is UnknownMembersException unknown)
        {
            var within = FieldName(exception.Path) is { } path ? path + "." : "";
            return UnknownMembers([.. unknown.Members.Select(member => within + member)]);
        }

        var field = FieldName(exception.Path);
        var where = exception.LineNumber is { } line
            ? $" (line {line + 1}, byte {exception.BytePositionInLine ?? 0})"
            : string.Empty;
        var message = exception.Message;

        string reason;
        if (exception.InnerException is InvalidOperationException { Message: var inner } && InvalidText().IsMatch(inner))
        {
            // Bytes that are not UTF-8, or an unpaired surrogate escape such as \uD800: a string, but not text.
            reason = "is not valid text: send UTF-8 without stray bytes or unpaired \\uD800-\\uDFFF escapes";
        }
        else if (ConvertFailed().IsMatch(message))
        {
            // The message names the declaring type, not the field's: walk the body type along the path instead.
            reason = $"must be {Expected(FieldType(http, field))}";
        }
        else if (UnmappedMember().Match(message) is { Success: true } unmapped)
        {
            field ??= unmapped.Groups["name"].Value;
            reason = "is not a field of this request; remove it (read-only fields such as id and version are not sent)";
        }
        else if (DuplicateMember().Match(message) is { Success: true } duplicate)
        {
            field ??= duplicate.Groups["name"].Value;
            reason = "appears more than once in the same object";
        }
        else if (message.Contains("maximum configured depth", StringComparison.Ordinal))
        {
            reason = "is nested too deeply";
        }
        else
        {
            return Validation($"The request body is not valid JSON{where}: {WithoutLocation(message)}", field ?? "body", WithoutLocation(message));
        }

        var subject = field is null ? "The request body" : $"'{field}'";
        return Validation($"{subject} {reason}{where}.", field ?? "body", Capitalize(reason) + ".");
    }

    private static readonly string[] NotAField = ["Is not a field of this request; remove it."];

    /// <summary>Every member the request does not have, in one problem: a client fixes them all in one go.</summary>
    private static Microsoft.AspNetCore.Mvc.ProblemDetails UnknownMembers(IReadOnlyList<string> members)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails
        {
            Status = 400,
            Title = "One or more validation errors occurred.",
            Detail = $"Not fields of this request: {string.Join(", ", members.Select(m => $"'{m}'"))}. Remove them; /swagger lists the fields it takes.",
        };
        problem.Extensions["errors"] = members.Distinct(StringComparer.Ordinal).ToDictionary(member => member, _ => NotAField, StringComparer.Ordinal);
        return problem;
    }

    private static Microsoft.AspNetCore.Mvc.ProblemDetails Validation(string detail, string field, string message)
    {
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = 400, Title = "One or more validation errors occurred.", Detail = detail };
        problem.Extensions["errors"] = new Dictionary<string, string[]> { [field] = [message] };
        return problem;
    }

    /// <summary>$.crew[0].role → crew[0].role; the body itself has no field name.</summary>
    private static string? FieldName(string? path) =>
        path is null or "$" ? null : path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');

    private static string WithoutLocation(string message)
    {
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        var text = (cut >= 0 ? message[..cut] : message).Trim();
        return TypeName().Replace(text, "value").TrimEnd('.');
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];

    /// <summary>The .NET type of the field a JSON path names, in the request body type of the endpoint.</summary>
    private static Type? FieldType(HttpContext http, string? path)
    {
        // The exception handler clears the endpoint before handlers run; its feature keeps it.
        var endpoint = http.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? http.GetEndpoint();
        var type = endpoint?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata>()?.RequestType;
        foreach (var segment in (path ?? string.Empty).Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (type is null)
            {
                return null;
            }

            var name = segment.Split('[')[0];
            type = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            if (type is not null && segment.Contains('[', StringComparison.Ordinal))
            {
                type = ElementType(type);
            }
        }

        return type;
    }

    private static Type? ElementType(Type type) =>
        type.IsArray ? type.GetElementType()
        : type.GetInterfaces().Append(type).FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>))?.GetGenericArguments()[0];

    private static string Expected(string typeName) =>
        Expected(Type.GetType(typeName) ?? typeof(ApiExceptionHandler).Assembly.GetType(typeName));

    /// <summary>What a .NET type means to a JSON client.</summary>
    private static string Expected(Type? type)
    {
        type = type is null ? null : Nullable.GetUnderlyingType(type) ?? type;
        if (type is { IsEnum: true })
        {
            return "one of: " + string.Join(", ", type.GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
                .Select(f => f.GetCustomAttributes(typeof(System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute), false)
                    .OfType<System.Text.Json.Serialization.JsonStringEnumMemberNameAttribute>().FirstOrDefault()?.Name
                    ?? JsonNamingPolicy.CamelCase.ConvertName(f.Name)));
        }

        return type switch
        {
            null => "a value of the documented type",
            _ when type == typeof(DateOnly) => "a date in the form YYYY-MM-DD (a real calendar date)",
            _ when type == typeof(DateTimeOffset) || type == typeof(DateTime) => "an RFC 3339 instant with a UTC offset, such as 2021-10-17T04:35:00Z",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(int) || type == typeof(long) || type == typeof(short) => "a whole number within range",
            _ when type == typeof(double) || type == typeof(decimal) || type == typeof(float) => "a finite number",
            _ when type == typeof(bool) => "true or false",
            _ when typeof(System.Collections.IEnumerable).IsAssignableFrom(type) => "an array",
            _ => "an object",
        };
    }

    [GeneratedRegex("""Failed to bind parameter "(?<type>\S+) (?<name>\w+)" from "(?<value>.*)"\.""")]
    private static partial Regex FailedToBind();

    [GeneratedRegex("""Required parameter "(?<type>\S+) (?<name>\w+)" was not provided""")]
    private static partial Regex NotProvided();

    [GeneratedRegex("""invalid UTF-(8|16)|surrogate""", RegexOptions.IgnoreCase)]
    private static partial Regex InvalidText();

    [GeneratedRegex("""could not be converted to""")]
    private static partial Regex ConvertFailed();

    [GeneratedRegex("""The JSON property '(?<name>[^']*)' could not be mapped""")]
    private static partial Regex UnmappedMember();

    [GeneratedRegex("""[Dd]uplicate property '(?<name>[^']*)'""")]
    private static partial Regex DuplicateMember();

    [GeneratedRegex("""'?(System|RecordsApi)\.[\w.`\[\]]+'?""")]
    private static partial Regex TypeName();

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Method} {Path} answered 503: the database is unavailable ({Reason}).")]
    private static partial void LogUnavailable(ILogger logger, string method, string path, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed unexpectedly.")]
    private static partial void LogUnexpected(ILogger logger, Exception exception, string method, string path);
}

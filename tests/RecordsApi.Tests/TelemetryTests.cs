using System.Globalization;
using System.Text.RegularExpressions;
using RecordsApi.Infrastructure.Auth;

namespace RecordsApi.Tests;

/// <summary>docs/operations.md: /metrics for operators only, the metrics it serves, JSON logs with trace ids.</summary>
[Collection(ApiCollection2.Name)]
public sealed partial class TelemetryTests(ApiFixture api)
{
    [Fact]
    public async Task Metrics_on_the_api_port_are_for_admin_keys_only()
    {
        var anonymous = await api.CreateClient().GetAsync("/metrics");
        await anonymous.AssertProblemAsync(HttpStatusCode.Unauthorized);

        var writer = await api.CreateWriterClient().GetAsync("/metrics");
        await writer.AssertProblemAsync(HttpStatusCode.Forbidden);

        var admin = await api.CreateAdminClient().GetAsync("/metrics").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Equal("text/plain", admin.Content.Headers.ContentType?.MediaType);
        Assert.Contains("# TYPE http_server_request_duration_seconds histogram", await admin.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_are_not_in_the_openapi_document()
    {
        var document = await api.CreateClient().GetStringAsync("/swagger/v1/swagger.json");
        Assert.DoesNotContain("/metrics", document, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_show_requests_database_time_pools_replays_and_rate_limit_rejections()
    {
        // A service of its own, with an anonymous budget of one read: the second is a 429.
        await using var service = api.WithSettings(("RateLimits:AnonymousReads", "1"));
        var anonymous = service.CreateClient();
        await anonymous.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.OK);
        await anonymous.GetAsync("/v1/people?limit=1").AssertStatusAsync(HttpStatusCode.TooManyRequests);
        var writer = service.CreateClient();
        writer.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, api.WriterKey);
        var key = Guid.NewGuid().ToString();
        var body = JsonSerializer.Serialize(new { name = Unique("Metered Person"), nationality = "FR" });
        for (var attempt = 0; attempt < 2; attempt++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/people") { Content = Json(body) };
            request.Headers.Add("Idempotency-Key", key);
            await writer.SendAsync(request).AssertStatusAsync(HttpStatusCode.Created);
        }

        var admin = service.CreateClient();
        admin.DefaultRequestHeaders.Add(ApiKeyDefaults.HeaderName, api.AdminKey);
        var metrics = await admin.GetStringAsync("/metrics");

        Assert.Matches(@"http_server_request_duration_seconds_bucket\{[^}]*http_route=""/v1/people/""", metrics);
        Assert.Matches(@"db_client_operation_duration_seconds_count\{[^}]*db_system_name=""postgresql""", metrics);
        Assert.Matches(@"db_client_connection_count\{[^}]*db_client_connection_state=""used""", metrics);
        Assert.Matches(@"db_client_connection_max\{", metrics);
        Assert.True(Value(metrics, "records_api_rate_limit_rejections_total", @"policy=""anonymous-read""") >= 1, metrics);
        Assert.True(Value(metrics, "records_api_idempotency_replays_total", "") >= 1, metrics);
    }

    /// <summary>The sum of a metric's series whose labels contain <paramref name="labels"/>.</summary>
    private static double Value(string metrics, string name, string labels) =>
        Series().Matches(metrics)
            .Where(match => match.Groups["name"].Value == name && match.Groups["labels"].Value.Contains(labels, StringComparison.Ordinal))
            .Sum(match => double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture));

    [GeneratedRegex(@"^(?<name>[a-z_]+)(\{(?<labels>[^}]*)\})? (?<value>\S+)", RegexOptions.Multiline)]
    private static partial Regex Series();
}

/// <summary>What only the service run as a process shows: its console output and its ports.</summary>
[Collection(CommandsCollection.Name)]
public sealed class TelemetryProcessTests(ApiFixture api)
{
    [Fact]
    public async Task Json_logs_carry_the_trace_id_and_the_management_port_serves_metrics_without_a_key()
    {
        var metricsPort = ServiceInstance.FreePorts(1)[0];
        await using var service = await ServiceInstance.StartAsync(api.ConnectionString, new Dictionary<string, string>
        {
            ["ASPNETCORE_ENVIRONMENT"] = "Production",
            ["Telemetry:MetricsPort"] = metricsPort.ToString(CultureInfo.InvariantCulture),
            // Request logs are off by default (docs/operations.md); an operator turns them on like this.
            ["Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics"] = "Information",
        }, extraPorts: [metricsPort]);
        using var client = new HttpClient { BaseAddress = service.BaseAddress };
        using var management = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{metricsPort}") };

        var traceId = Convert.ToHexStringLower(Guid.NewGuid().ToByteArray());
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/people/no-such-person");
        request.Headers.Add("traceparent", $"00-{traceId}-{Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()))}-01");
        var problem = await (await client.SendAsync(request)).AssertProblemAsync(HttpStatusCode.NotFound);
        Assert.Contains(traceId, problem.GetProperty("traceId").GetString(), StringComparison.Ordinal);

        var line = await service.LineAsync(line => line.Contains(traceId, StringComparison.Ordinal), TimeSpan.FromSeconds(30));
        var entry = JsonDocument.Parse(line).RootElement;
        Assert.Contains(entry.GetProperty("Scopes").EnumerateArray(),
            scope => scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) && id.GetString() == traceId
                && scope.TryGetProperty("SpanId", out _));

        var metrics = await management.GetAsync("/metrics").AssertStatusAsync(HttpStatusCode.OK);
        Assert.Contains("http_server_request_duration_seconds", await metrics.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await management.GetAsync("/v1/people").AssertStatusAsync(HttpStatusCode.NotFound);
        await client.GetAsync("/metrics").AssertStatusAsync(HttpStatusCode.Unauthorized);
    }
}

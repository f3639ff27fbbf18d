using System.Globalization;
using Npgsql;
using RecordsApi.Bench;

// bench-generator: loads the benchmark data set and helps bench/run.sh prepare its scenarios.
//   generate     --connection CS [--people N] [--missions N] [--crew N] [--seed N] [--no-revisions]
//   records      --connection CS --url URL [--api-key KEY] [--count N]
//   deep-cursor  --url URL --path /v1/people --pages N
//   rate         --url URL --paths FILE --rate N [--prefix P] [--seconds N] [--warmup-seconds N] [--connections N]
var command = args.FirstOrDefault();
var options = Options.Parse(args.Skip(1));
try
{
    return command switch
    {
        "generate" => await GenerateAsync(options),
        "records" => await RecordsAsync(options),
        "deep-cursor" => await DeepCursor.FindAsync(new Uri(options.Required("url")), options.Get("path") ?? "/v1/people", options.Int("pages", 1000)),
        "rate" => await FixedRate.RunAsync(
            new Uri(options.Required("url")),
            [.. File.ReadAllLines(options.Required("paths")).Where(line => line.Length > 0).Select(line => options.Get("prefix") is { } prefix ? prefix + Uri.EscapeDataString(line) : line)],
            Math.Max(1, options.Int("rate", 100)),
            TimeSpan.FromSeconds(options.Int("warmup-seconds", 2)),
            TimeSpan.FromSeconds(options.Int("seconds", 10)),
            Math.Max(1, options.Int("connections", 64)),
            options.Get("api-key") ?? Environment.GetEnvironmentVariable("BENCH_API_KEY")),
        _ => Usage(),
    };
}
catch (ArgumentException exception)
{
    await Console.Error.WriteLineAsync(exception.Message);
    return Usage();
}

static async Task<int> GenerateAsync(Options options)
{
    // A load runs for minutes: no command timeout (COPY's foreign-key checks alone outlast the default 30 s).
    var connectionString = new NpgsqlConnectionStringBuilder(options.Required("connection")) { CommandTimeout = 0 }.ConnectionString;
    await using var connection = new NpgsqlConnection(connectionString);
    await connection.OpenAsync();
    var load = new LoadOptions(
        options.Int("people", 1_000_000), options.Int("missions", 200_000), options.Int("crew", 600_000),
        options.Int("seed", 42), !options.Flag("no-revisions"));
    return await new DataLoader(connection, load).RunAsync();
}

static async Task<int> RecordsAsync(Options options)
{
    await using var connection = new NpgsqlConnection(options.Required("connection"));
    await connection.OpenAsync();
    var apiKey = options.Get("api-key") ?? Environment.GetEnvironmentVariable("BENCH_API_KEY");
    return await new RecordsLoader(connection, new Uri(options.Required("url")), apiKey, options.Int("count", 1000), options.Int("seed", 42)).RunAsync();
}

static int Usage()
{
    Console.Error.WriteLine("""
        usage: bench-generator generate --connection CS [--people N] [--missions N] [--crew N] [--seed N] [--no-revisions]
               bench-generator records --connection CS --url URL [--api-key KEY] [--count N]
               bench-generator deep-cursor --url URL [--path /v1/people] [--pages N]
               bench-generator rate --url URL --paths FILE --rate N [--prefix P] [--seconds N] [--warmup-seconds N] [--connections N] [--api-key KEY]
        """);
    return 64;
}

/// <summary>--name value pairs and --flag switches.</summary>
internal sealed class Options
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public static Options Parse(IEnumerable<string> args)
    {
        var options = new Options();
        string? pending = null;
        foreach (var arg in args)
        {
            if (arg.StartsWith("--", StringComparison.Ordinal))
            {
                if (pending is not null)
                {
                    options._values[pending] = null;
                }

                pending = arg[2..];
            }
            else if (pending is not null)
            {
                options._values[pending] = arg;
                pending = null;
            }
            else
            {
                throw new ArgumentException($"Unexpected argument '{arg}'.");
            }
        }

        if (pending is not null)
        {
            options._values[pending] = null;
        }

        return options;
    }

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public bool Flag(string name) => _values.ContainsKey(name);

    public string Required(string name) => Get(name) ?? throw new ArgumentException($"--{name} is required.");

    public int Int(string name, int fallback) =>
        Get(name) is { } text
            ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
                ? value
                : throw new ArgumentException($"--{name} must be a non-negative whole number.")
            : fallback;
}

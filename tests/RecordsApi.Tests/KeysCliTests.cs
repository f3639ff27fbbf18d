namespace RecordsApi.Tests;

/// <summary>`keys …` on the service's own binary, run as a process against the test database.</summary>
[Collection(CommandsCollection.Name)]
public sealed class KeysCliTests(ApiFixture api)
{
    private const string KeyPattern = "^rk_[a-z2-7]{8}_[A-Za-z0-9_-]{43}$";

    private Task<(int ExitCode, string Output, string Error)> RunAsync(string? input, params string[] args) =>
        ServiceProcess.RunAsync(api.ConnectionString, input, args);

    private async Task<string> CreateAsync(string name, params string[] options)
    {
        var (exitCode, output, error) = await RunAsync(null, ["keys", "create", "--name", name, .. options]);
        Assert.True(exitCode == 0, error);
        return output.Trim();
    }

    [Fact]
    public async Task Create_prints_only_the_key_on_stdout_and_the_key_writes()
    {
        var name = UniqueSlug("cli-writer");

        var (exitCode, output, error) = await RunAsync(null, "keys", "create", "--name", name);

        Assert.Equal(0, exitCode);
        var key = Assert.Single(output.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Matches(KeyPattern, key);
        Assert.Contains(key[3..11], error);
        Assert.Contains("only this once", error);
        Assert.DoesNotContain(key, error);

        var created = await (await api.CreateClientWithKey(key).PostAsync("/v1/people", Json(new { name = Unique("Cli Made") }))
            .AssertStatusAsync(HttpStatusCode.Created)).ReadJsonAsync();
        var history = await api.CreateClient().GetFromJsonAsync<JsonElement>($"/v1/people/{created.GetProperty("id").GetInt64()}/history");
        Assert.Equal(name, history.GetProperty("items")[0].GetProperty("changedBy").GetString());
        await using var connection = await api.Database.OpenConnectionAsync();
        Assert.StartsWith("cli:", await connection.ExecuteScalarAsync<string>("SELECT created_by FROM api_keys WHERE name = @name", new { name }));
    }

    [Fact]
    public async Task An_admin_key_from_the_cli_may_manage_keys()
    {
        var key = await CreateAsync(UniqueSlug("cli-admin"), "--scope", "admin");

        await api.CreateClientWithKey(key).GetAsync("/v1/keys").AssertStatusAsync(HttpStatusCode.OK);
    }

    [Fact]
    public async Task List_shows_prefixes_names_and_scopes_but_never_secrets()
    {
        var name = UniqueSlug("cli-listed");
        var key = await CreateAsync(name);

        var (exitCode, output, _) = await RunAsync(null, "keys", "list");

        Assert.Equal(0, exitCode);
        var line = Assert.Single(output.Split('\n'), l => l.Contains(name, StringComparison.Ordinal));
        Assert.StartsWith(key[3..11], line);
        Assert.Contains("write", line);
        Assert.DoesNotContain(key[12..], output);
        Assert.StartsWith("PREFIX", output);
    }

    [Fact]
    public async Task Revoke_stops_the_key_at_once_where_writes_trust_no_earlier_lookup_and_list_all_still_shows_it()
    {
        // The CLI revokes "elsewhere": an instance that trusts a lookup for ApiKeys:WriteCacheDuration (2 s) may
        // still take writes that long (SecurityTests). With no such window the very next write is refused.
        await using var service = api.WithSettings(("ApiKeys:WriteCacheDuration", "00:00:00"));
        var name = UniqueSlug("cli-revoked");
        var key = await CreateAsync(name);
        var client = service.CreateClient();
        client.DefaultRequestHeaders.Add("X-Api-Key", key);
        await client.PostAsync("/v1/people", Json(new { name = Unique("Cli Before") })).AssertStatusAsync(HttpStatusCode.Created);

        var (exitCode, _, error) = await RunAsync(null, "keys", "revoke", key[3..11]);

        Assert.Equal(0, exitCode);
        Assert.Contains("revoked", error);
        await (await client.PostAsync("/v1/people", Json(new { name = Unique("Cli After") }))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        Assert.DoesNotContain(name, (await RunAsync(null, "keys", "list")).Output);
        Assert.Contains(name, (await RunAsync(null, "keys", "list", "--all")).Output);
    }

    [Fact]
    public async Task Revoking_an_unknown_prefix_exits_1()
    {
        var (exitCode, _, error) = await RunAsync(null, "keys", "revoke", "zzzzzzz2");

        Assert.Equal(1, exitCode);
        Assert.Contains("No key has the prefix", error);
    }

    [Fact]
    public async Task A_second_live_key_of_a_name_is_refused_unless_replace_rotates_it()
    {
        var name = UniqueSlug("cli-rotated");
        var old = await CreateAsync(name);

        var (exitCode, output, error) = await RunAsync(null, "keys", "create", "--name", name);
        Assert.Equal((1, ""), (exitCode, output));
        Assert.Contains("--replace", error);

        var rotated = await CreateAsync(name, "--replace");
        Assert.NotEqual(old, rotated);
        await (await api.CreateClientWithKey(old).PostAsync("/v1/people", Json(new { name = Unique("Old Key") }))).AssertProblemAsync(HttpStatusCode.Unauthorized);
        await api.CreateClientWithKey(rotated).PostAsync("/v1/people", Json(new { name = Unique("New Key") })).AssertStatusAsync(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Check_reads_a_key_from_stdin_and_says_whether_it_is_live()
    {
        var key = await CreateAsync(UniqueSlug("cli-checked"));

        Assert.Equal(0, (await RunAsync(key + "\n", "keys", "check")).ExitCode);
        Assert.Equal(1, (await RunAsync("rk_abcdefgh_" + new string('A', 43), "keys", "check")).ExitCode);
        Assert.Equal(1, (await RunAsync("nonsense", "keys", "check")).ExitCode);
    }

    [Theory]
    [InlineData("keys")]
    [InlineData("keys frobnicate")]
    [InlineData("keys create")]
    [InlineData("keys create --name")]
    [InlineData("keys create --name has!bang")]
    [InlineData("keys create --name anonymous")]
    [InlineData("keys create --name ok --scope root")]
    [InlineData("keys create --name ok --colour red")]
    [InlineData("keys revoke")]
    [InlineData("keys revoke NOT-A-PREFIX")]
    public async Task Bad_usage_exits_2_saying_what_is_wrong_and_makes_nothing(string command)
    {
        await using var connection = await api.Database.OpenConnectionAsync();
        var before = await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM api_keys");

        var (exitCode, output, error) = await RunAsync(null, command.Split(' '));

        Assert.Equal(2, exitCode);
        Assert.Equal("", output);
        Assert.Contains("keys", error);
        Assert.Equal(before, await connection.ExecuteScalarAsync<long>("SELECT count(*) FROM api_keys"));
    }

    [Fact]
    public async Task Help_prints_the_usage()
    {
        var (exitCode, output, _) = await RunAsync(null, "keys", "help");

        Assert.Equal(0, exitCode);
        Assert.Contains("keys create --name NAME [--scope write|admin]", output);
    }
}

using System.Text.RegularExpressions;

namespace RecordsApi.Tests;

/// <summary>
/// The folder rules of docs/architecture.md, read from the source: resources (People, Missions, …) →
/// resource plumbing (Resources) → web infrastructure (Infrastructure/*) → database
/// (Infrastructure/Database), and never back; no cycles between folders; every OpenAPI filter in
/// Infrastructure/Docs. A folder "uses" another when one of its files has a using directive for it
/// or names it, fully or partly qualified (in code, a cref or a string alike).
/// </summary>
public sealed partial class ArchitectureTests
{
    private const string Plumbing = "Resources";
    private const string Infrastructure = "Infrastructure";
    private const string Database = "Infrastructure.Database";
    private const string Docs = "Infrastructure.Docs";

    [Fact]
    public void Every_namespace_matches_its_folder() =>
        AssertNone(SourceFiles().Where(f => f.Namespace is not null && f.Namespace != f.FolderNamespace)
            .Select(f => $"{f.Path}: namespace {f.Namespace}, folder {f.FolderNamespace}"));

    [Fact]
    public void Folders_depend_one_way_from_resources_to_the_database() =>
        AssertNone(Violations(SourceFiles()));

    [Fact]
    public void Every_OpenAPI_filter_lives_in_Docs() =>
        AssertNone(SourceFiles().Where(f => OpenApiFilter().IsMatch(f.Text) && f.Unit != Docs).Select(f => f.Path));

    private static void AssertNone(IEnumerable<string> violations)
    {
        var list = violations.ToList();
        Assert.True(list.Count == 0, string.Join('\n', list));
    }

    /// <summary>The rules must be able to fail: each kind of violation is caught in sources made for it.</summary>
    [Fact]
    public void The_rules_catch_deliberate_violations()
    {
        var files = new[]
        {
            new SourceFile("Infrastructure/Paging/Pager.cs", "using RecordsApi.People;\nnamespace RecordsApi.Infrastructure.Paging;"),
            new SourceFile("Infrastructure/Database/Db.cs", "namespace RecordsApi.Infrastructure.Database;\n// see Infrastructure.Problems.ApiProblems"),
            new SourceFile("Infrastructure/Problems/P.cs", "using RecordsApi.Infrastructure.Database;\nnamespace RecordsApi.Infrastructure.Problems;"),
            new SourceFile("Resources/W.cs", "namespace RecordsApi.Resources;\nclass W { Missions.MissionsStore s; }"),
            new SourceFile("Missions/M.cs", "namespace RecordsApi.Missions;\nclass M { RecordsApi.People.Person p; }"),
            new SourceFile("People/P.cs", "using RecordsApi.Missions;\nnamespace RecordsApi.People;"),
        };

        var violations = Violations(files);

        Assert.Contains(violations, v => v.StartsWith("Infrastructure.Paging uses People", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("Infrastructure.Database uses Infrastructure.Problems", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("Resources uses Missions", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("cycle:", StringComparison.Ordinal) && v.Contains("Infrastructure.Database", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.StartsWith("cycle:", StringComparison.Ordinal) && v.Contains("People", StringComparison.Ordinal));
    }

    private static List<string> Violations(IReadOnlyCollection<SourceFile> files)
    {
        var units = files.Select(f => f.Unit).Where(u => u.Length > 0).ToHashSet(StringComparer.Ordinal);
        var uses = files.Where(f => f.Unit.Length > 0)
            .SelectMany(f => f.Uses(units).Select(used => (From: f.Unit, To: used, f.Path)))
            .Where(edge => edge.From != edge.To)
            .ToList();
        var violations = uses.Where(edge => !Allowed(edge.From, edge.To)).Select(edge => $"{edge.From} uses {edge.To} ({edge.Path})").ToList();

        var graph = uses.GroupBy(edge => edge.From).ToDictionary(g => g.Key, g => g.Select(edge => edge.To).Distinct().ToList());
        violations.AddRange(Cycles(graph).Select(cycle => "cycle: " + string.Join(" → ", cycle)));
        return violations;
    }

    /// <summary>Resources may use each other, plumbing and infrastructure; plumbing only infrastructure; infrastructure only infrastructure; the database nothing.</summary>
    private static bool Allowed(string from, string to) => from switch
    {
        Database => false,
        _ when from.StartsWith(Infrastructure + ".", StringComparison.Ordinal) => to.StartsWith(Infrastructure + ".", StringComparison.Ordinal),
        Plumbing => to.StartsWith(Infrastructure + ".", StringComparison.Ordinal),
        _ => to != Infrastructure,
    };

    private static IEnumerable<List<string>> Cycles(Dictionary<string, List<string>> graph)
    {
        var done = new HashSet<string>(StringComparer.Ordinal);
        foreach (var start in graph.Keys.Order(StringComparer.Ordinal))
        {
            var path = new List<string>();
            if (Visit(start, graph, path, done) is { } cycle)
            {
                yield return cycle;
            }
        }
    }

    private static List<string>? Visit(string unit, Dictionary<string, List<string>> graph, List<string> path, HashSet<string> done)
    {
        if (path.IndexOf(unit) is var at and >= 0)
        {
            return [.. path[at..], unit];
        }

        if (!done.Add(unit))
        {
            return null;
        }

        path.Add(unit);
        foreach (var next in graph.GetValueOrDefault(unit) ?? [])
        {
            if (Visit(next, graph, path, done) is { } cycle)
            {
                return cycle;
            }
        }

        path.RemoveAt(path.Count - 1);
        return null;
    }

    private static List<SourceFile> SourceFiles()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !Directory.Exists(Path.Combine(root.FullName, "src", "RecordsApi")))
        {
            root = root.Parent;
        }

        Assert.NotNull(root);
        var source = Path.Combine(root.FullName, "src", "RecordsApi");
        var files = Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(source, path).Replace('\\', '/'))
            .Where(path => !path.StartsWith("bin/", StringComparison.Ordinal) && !path.StartsWith("obj/", StringComparison.Ordinal))
            .Select(path => new SourceFile(path, File.ReadAllText(Path.Combine(source, path))))
            .ToList();
        Assert.NotEmpty(files);
        return files;
    }

    private sealed partial record SourceFile(string Path, string Text)
    {
        public string? Namespace => NamespaceDeclaration().Match(Text) is { Success: true } match ? match.Groups[1].Value : null;

        /// <summary>RecordsApi plus the folders, such as RecordsApi.Infrastructure.Paging.</summary>
        public string FolderNamespace => string.Join('.', ["RecordsApi", .. Path.Split('/')[..^1]]);

        /// <summary>The folder the rules speak of: Infrastructure.Paging, Resources, People; empty for Program.cs.</summary>
        public string Unit => UnitOf(FolderNamespace);

        /// <summary>The units this file names: by using directive, fully qualified, or qualified from a namespace it is in.</summary>
        public IEnumerable<string> Uses(IReadOnlySet<string> units)
        {
            foreach (Match match in QualifiedName().Matches(Text))
            {
                yield return UnitOf(match.Groups[1].Value);
            }

            // Partly qualified: Infrastructure.Paging.X from anywhere in RecordsApi, Docs.X from a sibling in Infrastructure.
            foreach (var unit in units)
            {
                var sibling = unit.StartsWith(Infrastructure + ".", StringComparison.Ordinal) && Unit.StartsWith(Infrastructure + ".", StringComparison.Ordinal);
                if (Regex.IsMatch(Text, $@"(?<![.\w]){Regex.Escape(unit)}\.[A-Z]")
                    || (sibling && Regex.IsMatch(Text, $@"(?<![.\w]){Regex.Escape(unit[(Infrastructure.Length + 1)..])}\.[A-Z]")))
                {
                    yield return unit;
                }
            }
        }

        private static string UnitOf(string name)
        {
            var parts = name.Split('.');
            return parts.Length < 2 ? ""
                : parts[1] == Infrastructure ? string.Join('.', parts[1..Math.Min(3, parts.Length)])
                : parts[1];
        }

        [GeneratedRegex(@"^namespace ([\w.]+);", RegexOptions.Multiline)]
        private static partial Regex NamespaceDeclaration();

        [GeneratedRegex(@"(?<![.\w])(RecordsApi(?:\.[A-Z]\w*)+)")]
        private static partial Regex QualifiedName();
    }

    [GeneratedRegex(@":\s*I(Operation|Schema|Document|Parameter|RequestBody)Filter\b")]
    private static partial Regex OpenApiFilter();
}

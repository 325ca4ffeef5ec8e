using System.Diagnostics;
using System.Text.Json;
using CloudStatus.Functions.Tests.Packaging;
using CloudStatus.Functions.Tests.Support;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Functions.Tests.Api;

/// <summary>
/// <c>/openapi/v1.json</c> as a client generator reads it: lint-clean under Spectral's <c>spectral:oas</c> rules,
/// a bearer scheme on every operation, problem details on every error, typed parameters.
/// </summary>
public sealed class OpenApiDocumentTests : IAsyncLifetime
{
    private ApiHost _host = null!;
    private JsonDocument _document = null!;
    private string _text = null!;

    private JsonElement Paths => _document.RootElement.GetProperty("paths");

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        _text = await _host.Anonymous.GetStringAsync(new Uri("/openapi/v1.json", UriKind.Relative));
        _document = JsonDocument.Parse(_text);
    }

    public async Task DisposeAsync()
    {
        _document.Dispose();
        await _host.DisposeAsync();
    }

    [Fact]
    public async Task Document_SpectralOasRules_ReportNothing()
    {
        var lint = Path.Combine(RepoPaths.Root, "tests", "openapi-lint");
        var spectral = Path.Combine(lint, "node_modules", "@stoplight", "spectral-cli", "dist", "index.js");
        Assert.True(File.Exists(spectral), $"{spectral} is missing: run scripts/deps/50-openapi-tools.sh (or scripts/test-deps.sh).");
        using var directory = new TempDirectory("functions");
        var document = directory.Sub("v1.json");
        var results = directory.Sub("spectral.json");
        await File.WriteAllTextAsync(document, _text);

        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = lint,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { spectral, "lint", document, "--ruleset", Path.Combine(lint, ".spectral.yaml"), "--format", "json", "--output", results, "--fail-severity", "hint" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var stdout = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var stderr = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);

        Assert.True(File.Exists(results), $"spectral wrote no results (exit {process.ExitCode}): {await stdout}{await stderr}");
        using var report = JsonDocument.Parse(await File.ReadAllTextAsync(results));
        var problems = report.RootElement.EnumerateArray()
            .Select(r => $"{r.GetProperty("code").GetString()} at {string.Join('.', r.GetProperty("path").EnumerateArray())}: {r.GetProperty("message").GetString()}")
            .ToList();
        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
        Assert.Equal(0, process.ExitCode);
    }

    [Fact]
    public void Document_InfoAndServers_AreCompleteWithoutTrailingSlash()
    {
        var info = _document.RootElement.GetProperty("info");
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("description").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(info.GetProperty("contact").GetProperty("name").GetString()));
        Assert.All(_document.RootElement.GetProperty("servers").EnumerateArray(), s => Assert.DoesNotMatch("/$", s.GetProperty("url").GetString()!));
    }

    [Fact]
    public void Operations_EachNeedsTheBearerSchemeWithItsRole()
    {
        var scheme = _document.RootElement.GetProperty("components").GetProperty("securitySchemes").GetProperty("bearer");
        Assert.Equal(("http", "bearer", "JWT"), (scheme.GetProperty("type").GetString(), scheme.GetProperty("scheme").GetString(), scheme.GetProperty("bearerFormat").GetString()));

        foreach (var (path, method, operation) in Operations())
        {
            Assert.True(operation.TryGetProperty("security", out var security), $"{method} {path} has no security requirement");
            Assert.Contains(security.EnumerateArray(), r => r.TryGetProperty("bearer", out _));
            var roles = operation.GetProperty("x-required-roles").EnumerateArray().Select(r => r.GetString()).ToList();
            var operate = path is "/api/v1/commands" && method == "post" || path is "/api/v1/deadletters" or "/api/v1/conflicts/{conflictId}/resolve";
            Assert.Equal(operate ? ["Status.Operate"] : ["Status.Read", "Status.Operate"], roles);
        }
    }

    [Fact]
    public void Operations_EveryErrorResponse_IsProblemDetails()
    {
        var errors = 0;
        foreach (var (path, method, operation) in Operations())
        {
            var responses = operation.GetProperty("responses");
            Assert.True(responses.TryGetProperty("401", out _), $"{method} {path} does not document 401");
            Assert.True(responses.TryGetProperty("403", out _), $"{method} {path} does not document 403");
            foreach (var response in responses.EnumerateObject().Where(r => r.Name[0] is '4' or '5'))
            {
                var schema = response.Value.GetProperty("content").GetProperty("application/problem+json").GetProperty("schema").GetProperty("$ref").GetString();
                Assert.Equal(response.Name == "400" ? "#/components/schemas/HttpValidationProblemDetails" : "#/components/schemas/ProblemDetails", schema);
                errors++;
            }

            var hasInput = operation.TryGetProperty("parameters", out var parameters) && parameters.GetArrayLength() > 0 || operation.TryGetProperty("requestBody", out _);
            Assert.Equal(hasInput, responses.TryGetProperty("400", out _));
            Assert.Equal(path.Contains('{', StringComparison.Ordinal) || path == "/api/v1/commands", responses.TryGetProperty("404", out _));
        }

        var submit = Paths.GetProperty("/api/v1/commands").GetProperty("post").GetProperty("responses");
        Assert.All(new[] { "400", "404", "409", "413", "415" }, code => Assert.True(submit.TryGetProperty(code, out _), code));
        Assert.True(errors > 40);
    }

    [Fact]
    public void Parameters_AreTypedAndDescribed()
    {
        foreach (var (path, method, operation) in Operations())
        {
            foreach (var parameter in operation.TryGetProperty("parameters", out var p) ? p.EnumerateArray() : default)
            {
                Assert.False(string.IsNullOrWhiteSpace(parameter.GetProperty("description").GetString()), $"{method} {path} {parameter.GetProperty("name")}");
            }
        }

        Assert.Equal(("integer", 1, 1000), Schema("/api/v1/events", "limit") is var limit
            ? (limit.GetProperty("type").GetString(), limit.GetProperty("minimum").GetInt32(), limit.GetProperty("maximum").GetInt32())
            : default);
        Assert.Equal("date-time", Schema("/api/v1/events", "from").GetProperty("format").GetString());
        Assert.Equal("date-time", Schema("/api/v1/history", "to").GetProperty("format").GetString());
        Assert.Equal(["newest", "oldest"], Enum(Schema("/api/v1/events", "order")));
        Assert.Equal(["unknown", "online", "degraded", "offline"], Enum(Schema("/api/v1/servers/{serverId}/producers", "health")));
        Assert.Equal("boolean", Schema("/api/v1/servers/{serverId}/producers", "stale").GetProperty("type").GetString());
        Assert.Equal("boolean", Schema("/api/v1/servers", "online").GetProperty("type").GetString());
        Assert.Equal("integer", Schema("/api/v1/servers/{serverId}/producers", "limit").GetProperty("type").GetString());

        var schemas = _document.RootElement.GetProperty("components").GetProperty("schemas");
        Assert.Equal(["reboot", "delete", "add", "resync", "start", "stop"], Enum(schemas.GetProperty("CommandRequestDto").GetProperty("properties").GetProperty("action")));
        Assert.Equal("integer", schemas.GetProperty("ProducerDto").GetProperty("properties").GetProperty("seq").GetProperty("type").GetString());
        Assert.DoesNotContain("\"pattern\": \"^-?(?:0|[1-9]\\\\d*)$\"", _text, StringComparison.Ordinal);
    }

    [Fact]
    public void Exports_AreDocumentedAsCsv()
    {
        foreach (var path in new[] { "/api/v1/servers/{serverId}/producers/export", "/api/v1/events/export" })
        {
            var ok = Paths.GetProperty(path).GetProperty("get").GetProperty("responses").GetProperty("200").GetProperty("content");
            Assert.Equal(["text/csv"], ok.EnumerateObject().Select(c => c.Name));
        }
    }

    private JsonElement Schema(string path, string parameter) =>
        Paths.GetProperty(path).GetProperty("get").GetProperty("parameters").EnumerateArray()
            .Single(p => p.GetProperty("name").GetString() == parameter).GetProperty("schema");

    private static List<string?> Enum(JsonElement schema) => [.. schema.GetProperty("enum").EnumerateArray().Select(e => e.GetString())];

    private IEnumerable<(string Path, string Method, JsonElement Operation)> Operations() =>
        Paths.EnumerateObject().SelectMany(p => p.Value.EnumerateObject().Select(m => (p.Name, m.Name, m.Value)));
}

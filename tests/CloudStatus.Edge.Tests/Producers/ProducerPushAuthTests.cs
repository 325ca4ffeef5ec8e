using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Edge.Tests.Producers;

/// <summary>Who may speak for a producer: the push endpoint on real Kestrel with two registered callers (ADR 65).</summary>
public sealed class ProducerPushAuthTests : IAsyncLifetime
{
    private const string SiteSecret = "site-01-element-manager-secret";
    private const string SwitchSecret = "switch-07-own-secret-0123456789";
    private readonly RecordingIntake _intake = new();
    private readonly HttpClient _client = new();
    private readonly TempDirectory _dir = new("edge");
    private readonly MeterListener _listener = new();
    private readonly List<(long Value, string? Reason)> _refusals = [];
    private LoopbackServer? _server;

    public async Task InitializeAsync()
    {
        var siteFile = _dir.Sub("site");
        await File.WriteAllTextAsync(siteFile, SiteSecret);
        Environment.SetEnvironmentVariable("CLOUDSTATUS_TEST_SWITCH07_SECRET", SwitchSecret);
        _server = await LoopbackServer.StartAsync(
            services => services.AddSingleton<IObservationIntake>(_intake).AddProducerPushApi().AddProblemDetails()
                .Configure<ProducerPushAuthOptions>(o =>
                {
                    o.Callers.Add(new ProducerPushCaller { Name = "site-01-em", SecretFile = siteFile, Subtrees = ["srv-01", "srv-02"] });
                    o.Callers.Add(new ProducerPushCaller { Name = "sw-07", SecretEnvironmentVariable = "CLOUDSTATUS_TEST_SWITCH07_SECRET", Subtrees = ["srv-03.sw-07"] });
                }),
            app => app.MapProducerPushApi());
        _client.BaseAddress = _server.Address;
        _listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == "cloudstatus.edge.push.refused")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            lock (_refusals)
            {
                _refusals.Add((value, tags.ToArray().FirstOrDefault(t => t.Key == "cloudstatus.reason").Value as string));
            }
        });
        _listener.Start();
    }

    public async Task DisposeAsync()
    {
        _listener.Dispose();
        _client.Dispose();
        await _server!.DisposeAsync();
        _dir.Dispose();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("Bearer forged-secret-of-the-right-length")]
    [InlineData("Bearer " + SiteSecret + "x")]
    [InlineData("Basic c2l0ZTpzZWNyZXQ=")]
    public async Task Post_ForgedOrMissingCredential_401CountedAndNothingTaken(string? authorization)
    {
        var response = await PostAsync(authorization, """{"producerId":"srv-01.sw-01","kind":"switch","parentId":"srv-01"}""");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", Assert.Single(response.Headers.WwwAuthenticate).Scheme);
        Assert.Empty(_intake.Observations);
        Assert.Contains((1L, "unauthenticated"), Refusals());
    }

    [Fact]
    public async Task Post_RegisteredCallerInsideItsSubtrees_Accepted()
    {
        var response = await PostAsync("Bearer " + SiteSecret, """
            [{"producerId":"srv-01.sw-01","kind":"switch","parentId":"srv-01"},
             {"producerId":"srv-02","kind":"server"},
             {"producerId":"srv-02.sw-01.p-1","kind":"port","parentId":"srv-02.sw-01"}]
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, _intake.Observations.Count);
        Assert.Empty(Refusals());
    }

    [Fact]
    public async Task Post_ProducerCredentialForItsOwnId_AcceptedWithItsParentOutsideTheSubtree()
    {
        var response = await PostAsync("Bearer " + SwitchSecret, """{"producerId":"srv-03.sw-07","kind":"switch","parentId":"srv-03"}""");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Theory]
    [InlineData("""{"producerId":"srv-03.sw-01","kind":"switch","parentId":"srv-03"}""", "srv-03.sw-01")] // another server
    [InlineData("""{"producerId":"srv-011","kind":"server"}""", "srv-011")] // a prefix is not a subtree
    [InlineData("""{"producerId":"srv-01.dev-1","kind":"device","parentId":"srv-03.sw-07"}""", "srv-01.dev-1")] // re-parented outside
    [InlineData("""[{"producerId":"srv-01.sw-01","kind":"switch"},{"producerId":"srv-09","kind":"server"}]""", "srv-09")] // one bad apple
    public async Task Post_OutsideTheCallersSubtree_403CountedAndNothingTaken(string json, string named)
    {
        var response = await PostAsync("Bearer " + SiteSecret, json);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains($"'{named}'", body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(SiteSecret, body.RootElement.ToString(), StringComparison.Ordinal);
        Assert.Empty(_intake.Observations);
        Assert.Contains((1L, "forbidden"), Refusals());
    }

    [Fact]
    public async Task Post_ProducerCredentialForAnotherProducer_403()
    {
        var response = await PostAsync("Bearer " + SwitchSecret, """{"producerId":"srv-03.sw-08","kind":"switch","parentId":"srv-03"}""");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public void Validate_MissingOrShortSecrets_RefusedWithoutTheSecret()
    {
        var shortFile = _dir.Sub("short");
        File.WriteAllText(shortFile, "tooshort");
        var options = new ProducerPushAuthOptions
        {
            Callers =
            [
                new ProducerPushCaller { Name = "a", SecretFile = _dir.Sub("absent"), Subtrees = ["srv-01"] },
                new ProducerPushCaller { Name = "b", SecretFile = shortFile, Subtrees = ["srv-01"] },
                new ProducerPushCaller { Name = "c", SecretFile = shortFile, SecretEnvironmentVariable = "X", Subtrees = [] },
                new ProducerPushCaller { Name = "d", SecretEnvironmentVariable = "CLOUDSTATUS_TEST_UNSET_VARIABLE", Subtrees = ["bad id"] },
            ],
        };

        var errors = options.Validate(_ => null).ToList();

        Assert.Contains(errors, e => e.StartsWith("ProducerPush:Callers:0:", StringComparison.Ordinal) && e.Contains("cannot be read", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ProducerPush:Callers:1:", StringComparison.Ordinal) && e.Contains("shorter than 16", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ProducerPush:Callers:2:", StringComparison.Ordinal) && e.Contains("exactly one", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("ProducerPush:Callers:2:Subtrees", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'CLOUDSTATUS_TEST_UNSET_VARIABLE' is not set", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("'bad id'", StringComparison.Ordinal));
        Assert.DoesNotContain(errors, e => e.Contains("tooshort", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("srv-01", "srv-01", true)]
    [InlineData("srv-01.sw-1", "srv-01", true)]
    [InlineData("srv-011", "srv-01", false)]
    [InlineData("srv-0", "srv-01", false)]
    [InlineData("srv-01", "srv-01.sw-1", false)]
    public void IsUnder_SubtreeByDottedPath(string id, string root, bool expected) =>
        Assert.Equal(expected, ProducerPushAuthenticator.IsUnder(id, root));

    private List<(long, string?)> Refusals()
    {
        _listener.RecordObservableInstruments();
        lock (_refusals)
        {
            return [.. _refusals];
        }
    }

    private Task<HttpResponseMessage> PostAsync(string? authorization, string json)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, ProducerPushApi.Route) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        return _client.SendAsync(request);
    }
}

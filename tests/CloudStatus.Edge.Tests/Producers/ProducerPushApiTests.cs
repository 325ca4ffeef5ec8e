using System.Net;
using System.Text;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;
using CloudStatus.Edge.Tests.Support;
using CloudStatus.Testing.Emulators;
using Microsoft.Extensions.DependencyInjection;

namespace CloudStatus.Edge.Tests.Producers;

public sealed class ProducerPushApiTests : IAsyncLifetime
{
    private readonly RecordingIntake _intake = new();
    private readonly HttpClient _client = new();
    private readonly TempDirectory _dir = new("edge");
    private LoopbackServer? _server;

    public async Task InitializeAsync()
    {
        var secretFile = Path.Combine(_dir.Path, "push-secret");
        await File.WriteAllTextAsync(secretFile, "an-element-manager-secret\n");
        _server = await LoopbackServer.StartAsync(
            services => services.AddSingleton<IObservationIntake>(_intake).AddProducerPushApi().AddProblemDetails()
                .Configure<ProducerPushAuthOptions>(o => o.Callers.Add(new ProducerPushCaller { Name = "em", SecretFile = secretFile, Subtrees = ["srv-01", "a", "b"] })),
            app => app.MapProducerPushApi());
        _client.BaseAddress = _server.Address;
        _client.DefaultRequestHeaders.Authorization = new("Bearer", "an-element-manager-secret");
    }

    public async Task DisposeAsync()
    {
        _client.Dispose();
        await _server!.DisposeAsync();
        _dir.Dispose();
    }

    [Fact]
    public async Task Post_OneObservation_Accepted()
    {
        var response = await PostAsync("""
            {"producerId":"srv-01.sw-01","kind":"switch","parentId":"srv-01","health":"degraded",
             "state":{"bootCount":4},"config":{"vlan":3},"event":"reboot"}
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var o = Assert.Single(_intake.Observations);
        Assert.Equal(
            new Observation("srv-01.sw-01", ProducerKind.Switch, "srv-01", Health.Degraded, """{"bootCount":4}""", """{"vlan":3}""", "reboot"),
            o);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(1, body.RootElement.GetProperty("accepted").GetInt32());
    }

    [Fact]
    public async Task Post_ArrayWithoutHealth_AcceptedAsOnline()
    {
        var response = await PostAsync("""
            [{"producerId":"a","kind":"device"},{"producerId":"b","kind":"device","health":"offline"}]
            """);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal([Health.Online, Health.Offline], _intake.Observations.Select(o => o.Health));
    }

    [Theory]
    [InlineData("""{"producerId":"bad id","kind":"device"}""", "producerId")]
    [InlineData("""{"producerId":"a"}""", "kind")]
    [InlineData("""{"producerId":"a","kind":"device","state":[1,2]}""", "Malformed")]
    [InlineData("""{"producerId":"a","kind":"device","state":"up"}""", "Malformed")]
    [InlineData("""{"producerId":"a","kind":"device","health":"sleepy"}""", "Malformed")]
    [InlineData("""{"producerId":"a","kind":"device","event":"explode"}""", "event")]
    [InlineData("""{"producerId":"a","kind":"device","parentId":"x y"}""", "parentId")]
    [InlineData("""[{"producerId":"a","kind":"device"},{"producerId":"","kind":"device"}]""", "observations[1]")]
    [InlineData("""42""", "Expected")]
    [InlineData("""{"producerId":""", "Malformed")]
    [InlineData("", "empty")]
    public async Task Post_Malformed_400ProblemDetailsAndNothingTaken(string json, string reasonPart)
    {
        var response = await PostAsync(json);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Contains(reasonPart, body.RootElement.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Empty(_intake.Observations);
    }

    private Task<HttpResponseMessage> PostAsync(string json) =>
        _client.PostAsync(ProducerPushApi.Route, new StringContent(json, Encoding.UTF8, "application/json"));
}

using System.Net;
using System.Text.Json;
using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ownership;

/// <summary>Registration on the uplink (docs/adr/0121) through ingest and the API, on the central app over SQLite.</summary>
public sealed class RegistrationTests : IAsyncLifetime
{
    private const string Peer = "srv-02";
    private ApiHost _host = null!;

    private static ServerRegistration Registration(string? peer = Peer) => new()
    {
        SoftwareVersion = "1.4.2+abc",
        Adapters = ["http", "sip"],
        ProducerKinds = [ProducerKind.Switch, ProducerKind.Device],
        Subtrees = [Server],
        FailoverPeer = peer,
        LanAddress = "10.0.0.11:7443",
    };

    public async Task InitializeAsync() => _host = await ApiHost.StartAsync(settings: new Dictionary<string, string?>
    {
        ["CloudStatus:Central:Registration:Sites:" + Tenant + ":0"] = Site,
    });

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Fact]
    public async Task Register_Accepted_ShownOnTheServerWithItsFailoverLease()
    {
        await _host.ApplyAsync(Periodic(1, 1, Rec("a", 1)) with { Registration = Registration() });

        using var doc = JsonDocument.Parse(await _host.Client.GetStringAsync($"/api/v1/servers/{Server}"));

        var registration = doc.RootElement.GetProperty("registration");
        Assert.Equal("1.4.2+abc", registration.GetProperty("softwareVersion").GetString());
        Assert.Equal(["http", "sip"], registration.GetProperty("adapters").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal((Peer, "10.0.0.11:7443", true), (registration.GetProperty("failoverPeer").GetString(), registration.GetProperty("lanAddress").GetString(), registration.GetProperty("accepted").GetBoolean()));
        var failover = doc.RootElement.GetProperty("failover");
        Assert.Equal((Server, Peer, Server, 1L, "Primary"), (failover.GetProperty("primary").GetString(), failover.GetProperty("peer").GetString(), failover.GetProperty("holder").GetString(), failover.GetProperty("token").GetInt64(), failover.GetProperty("phase").GetString()));
    }

    [Fact]
    public async Task Register_UnknownSite_RefusedWithAReasonAndNoLeaseButRecordsApply()
    {
        var outcome = await _host.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("a", 1)], site: "site-elsewhere") with { Registration = Registration() });

        using var doc = JsonDocument.Parse(await _host.Client.GetStringAsync($"/api/v1/servers/{Server}"));
        var registration = doc.RootElement.GetProperty("registration");
        Assert.False(registration.GetProperty("accepted").GetBoolean());
        Assert.Equal($"site 'site-elsewhere' is not a site of tenant '{Tenant}'", registration.GetProperty("reason").GetString());
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("failover").ValueKind);
        Assert.Equal(1, outcome.Applied);
    }

    [Fact]
    public async Task Register_FailoverPeerOfAnotherTenant_Refused()
    {
        await _host.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("x", 1, server: Peer)], server: Peer, tenant: "tenant-other"));

        await _host.ApplyAsync(Periodic(1, 1, Rec("a", 1)) with { Registration = Registration() });

        var server = await _host.Services.GetRequiredService<IServerStore>().GetAsync(Server);
        Assert.Equal((false, $"failover peer '{Peer}' belongs to another tenant"), (server!.Registration!.Accepted, server.Registration.Reason));
        Assert.Null(await _host.Services.GetRequiredService<ILeaseStore>().GetAsync(Tenant, Server));
    }

    [Fact]
    public async Task Register_PeerIsTheServerItself_DeadLettered()
    {
        var outcome = await _host.ApplyAsync(Periodic(1, 1, Rec("a", 1)) with { Registration = Registration(peer: Server) });

        Assert.Contains("failoverPeer", outcome.DeadLetterReason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Producer_SeenByBothServersOfThePair_OneProducerWithOwnerAndReportedBy()
    {
        await _host.ApplyAsync(Periodic(1, 1, Rec("shared", 1)) with { Registration = Registration() });
        await _host.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("shared", 1, Health.Offline)], server: Peer));

        using var doc = JsonDocument.Parse(await _host.Client.GetStringAsync($"/api/v1/producers/{Server}.shared"));

        Assert.Equal((Server, "online"), (doc.RootElement.GetProperty("owner").GetString(), doc.RootElement.GetProperty("health").GetString()));
        Assert.Equal([Server, Peer], doc.RootElement.GetProperty("reportedBy").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task Server_WithoutRegistration_RegistrationIsNull()
    {
        await _host.ApplyAsync(Periodic(1, 1, Rec("a", 1)));

        using var response = await _host.Client.GetAsync($"/api/v1/servers/{Server}");
        using var doc = JsonDocument.Parse(await response.Content.ReadAsStringAsync());

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(JsonValueKind.Null, doc.RootElement.GetProperty("registration").ValueKind);
    }
}

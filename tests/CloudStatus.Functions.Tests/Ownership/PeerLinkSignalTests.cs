using System.Text.Json;
using CloudStatus.Core.Ownership;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Ingest;
using CloudStatus.Functions.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ownership;

/// <summary>
/// The peer-link signal (docs/adr/0147) through ingest and the API (SQLite, fake clock): the peer's batches carry
/// <c>peerLoss</c>; central moves the lease only when it has not heard the primary either, and says which signal fired.
/// </summary>
public sealed class PeerLinkSignalTests : IAsyncLifetime
{
    private const string Peer = "srv-02";
    private ApiHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await ApiHost.StartAsync();
        await _host.Services.GetRequiredService<LeaseKeeper>().PairAsync(Tenant, Server, Peer, CancellationToken.None);
        await _host.ApplyAsync(Periodic(1, 1, Rec("a", 1)));
    }

    public async Task DisposeAsync() => await _host.DisposeAsync();

    private StatusBatch PeerBatch(long seq) =>
        Batch(BatchKind.Periodic, seq, seq, [Rec("b" + seq, seq, server: Peer)], server: Peer)
            with { PeerLoss = new PeerLinkLoss { ServerId = Server, LostSince = _host.Time.GetUtcNow() } };

    [Fact]
    public async Task PeerReportsLoss_PrimaryUnheardPastSuspectAfter_TakenOverByPeerLinkShownInTheApi()
    {
        _host.Time.Advance(TimeSpan.FromSeconds(21));

        await _host.ApplyAsync(PeerBatch(1));

        var failover = await FailoverAsync();
        Assert.Equal((Peer, 2L, "TakenOver", LossSignals.PeerLink), (failover.GetProperty("holder").GetString(), failover.GetProperty("token").GetInt64(), failover.GetProperty("phase").GetString(), failover.GetProperty("signal").GetString()));
    }

    [Fact]
    public async Task PeerReportsLoss_CentralStillHearsThePrimary_LeaseStays()
    {
        // A cut LAN: the peer cannot reach the primary, but the primary keeps reporting to central.
        _host.Time.Advance(TimeSpan.FromSeconds(15));
        await _host.ApplyAsync(Periodic(2, 2, Rec("a", 2)));
        _host.Time.Advance(TimeSpan.FromSeconds(10));

        await _host.ApplyAsync(PeerBatch(1));

        var failover = await FailoverAsync();
        Assert.Equal((Server, 1L, "Primary"), (failover.GetProperty("holder").GetString(), failover.GetProperty("token").GetInt64(), failover.GetProperty("phase").GetString()));
    }

    [Fact]
    public async Task LossReportedByAServerNotThePeer_Ignored()
    {
        _host.Time.Advance(TimeSpan.FromSeconds(21));

        await _host.ApplyAsync(Batch(BatchKind.Periodic, 1, 1, [Rec("c", 1, server: "srv-07")], server: "srv-07")
            with { PeerLoss = new PeerLinkLoss { ServerId = Server, LostSince = _host.Time.GetUtcNow() } });

        Assert.Equal("Primary", (await FailoverAsync()).GetProperty("phase").GetString());
    }

    [Fact]
    public async Task PeerLossNamingTheSenderItself_DeadLettered()
    {
        var outcome = await _host.ApplyAsync(PeerBatch(1) with { PeerLoss = new PeerLinkLoss { ServerId = Peer, LostSince = _host.Time.GetUtcNow() } });

        Assert.Contains("peerLoss", outcome.DeadLetterReason, StringComparison.Ordinal);
    }

    private async Task<JsonElement> FailoverAsync()
    {
        using var doc = JsonDocument.Parse(await _host.Client.GetStringAsync($"/api/v1/servers/{Server}"));
        return doc.RootElement.GetProperty("failover").Clone();
    }
}

using CloudStatus.Core.Model;
using CloudStatus.Core.Wire;
using CloudStatus.Functions.Tests.Support;
using static CloudStatus.Functions.Tests.Support.Batches;

namespace CloudStatus.Functions.Tests.Ingest;

/// <summary>Delta records through the real ingest on the embedded SQLite store (the Cosmos twin is in CosmosCentralAppTests).</summary>
public sealed class DeltaIngestTests : IAsyncLifetime
{
    private readonly CentralHarness _central = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _central.DisposeAsync();

    /// <summary>A delta of producer <paramref name="localId"/> at <paramref name="seq"/> on its record at <paramref name="baseSeq"/>.</summary>
    internal static StatusRecord Delta(string localId, long seq, long baseSeq, string patch) => new()
    {
        ProducerId = Server + "." + localId,
        Seq = seq,
        Base = baseSeq,
        Health = Health.Degraded,
        StatePatch = patch,
        LocalTimestamp = LocalTime.AddSeconds(seq),
    };

    [Fact]
    public async Task Apply_DeltaOnItsBase_StoresTheWholeStateOnceEvenWhenRedelivered()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1) with { State = """{"extension":"1005","calls":3}""" }));
        var delta = Periodic(2, 2, Delta("a", 2, 1, """{"calls":4}"""));

        var first = await _central.ApplyAsync(delta);
        var again = await _central.ApplyAsync(delta);

        var a = await _central.Producers.GetAsync(Server, "srv-01.a");
        Assert.Equal((2L, Health.Degraded, """{"extension":"1005","calls":4}""", ProducerKind.Device), (a!.Seq, a.Health, a.State, a.Kind));
        Assert.Equal((1, 0), (first.Applied, again.Applied));
        Assert.Null(first.ResyncFromSeq);
        Assert.Null(again.ResyncFromSeq);
    }

    [Fact]
    public async Task Apply_DeltaWhoseBaseWasLost_KeepsTheOldRowAndAsksForTheRangeAgain()
    {
        await _central.ApplyAsync(Periodic(1, 1, Rec("a", 1) with { State = """{"extension":"1005","calls":3}""" }));
        // seq 2 (a's new base at the edge) never arrived; the delta at 3 names it.
        await _central.ApplyAsync(Periodic(2, 2, Rec("b", 2)));

        var outcome = await _central.ApplyAsync(Periodic(3, 3, Delta("a", 3, 2, """{"calls":5}""")));

        var a = await _central.Producers.GetAsync(Server, "srv-01.a");
        Assert.Equal((1L, """{"extension":"1005","calls":3}"""), (a!.Seq, a.State));
        Assert.Equal((0, 3L), (outcome.Applied, outcome.ResyncFromSeq));
    }
}

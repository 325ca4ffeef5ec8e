using CloudStatus.Convergence.Tests.History;
using CloudStatus.Convergence.Tests.Support;
using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;
using CloudStatus.Edge.Heap;
using CloudStatus.Functions.Storage;

namespace CloudStatus.Convergence.Tests;

/// <summary>What converged means: central holds the edge heap, nothing more, nothing twice.</summary>
internal static class ConvergenceAssert
{
    public static async Task SameAsync(StatusHeap heap, CentralServer central)
    {
        var state = heap.GetState();
        Assert.True(state.LastSent == state.MaxSeq, $"The edge still has records to send (seq {state.MaxSeq}, sent {state.LastSent}).");

        var records = heap.Records();
        var rows = await central.Producers.ListAsync(Producers.ServerId);

        // Every live record with its seq and what it says; no other live row at central.
        var expected = records.Where(r => !r.Deleted)
            .Select(r => (r.ProducerId, r.Seq, r.Kind, r.ParentId, r.Health, r.State, r.Silent, r.Flapping))
            .OrderBy(r => r.ProducerId, StringComparer.Ordinal)
            .ToList();
        var actual = rows.Where(p => !p.Deleted)
            .Select(p => (p.ProducerId, p.Seq, p.Kind, p.ParentId, p.Health, p.State, p.Silent, p.Flapping))
            .OrderBy(p => p.ProducerId, StringComparer.Ordinal)
            .ToList();
        Assert.Equal(expected, actual);
        Assert.All(rows.Where(p => !p.Deleted), p => Assert.Equal(state.Epoch, p.Epoch));

        // A tombstone the edge still keeps is a tombstone (or nothing) at central, never a live row.
        var byId = rows.ToDictionary(p => p.ProducerId, StringComparer.Ordinal);
        foreach (var tombstone in records.Where(r => r.Deleted))
        {
            Assert.True(!byId.TryGetValue(tombstone.ProducerId, out var row) || row.Deleted, $"{tombstone.ProducerId} is deleted at the edge, live at central.");
        }

        var server = await central.Servers.GetAsync(Producers.ServerId);
        Assert.NotNull(server);
        Assert.Equal(
            (state.Epoch, state.MaxSeq, (long)state.Digest.Count, state.Digest.Hash),
            (server.Epoch, server.Watermark, server.LiveCount, DigestHash.Format(server.DigestHash)));

        var deadLetters = await central.DeadLetters.ListAsync(10, continuation: null);
        Assert.Empty(deadLetters.Items);

        await NoEventTwiceAsync(central);
    }

    /// <summary>
    /// Between two looks at central, no producer row of the same epoch went back to an older seq: a redelivered or
    /// overtaken record never undoes a newer one, even on the way to convergence. <paramref name="seen"/> is updated.
    /// </summary>
    public static async Task NeverBackwardsAsync(CentralServer central, Dictionary<string, (string Epoch, long Seq)> seen, string after)
    {
        foreach (var row in await central.Producers.ListAsync(Producers.ServerId))
        {
            if (seen.TryGetValue(row.ProducerId, out var before) && before.Epoch.Length > 0 && before.Epoch == row.Epoch)
            {
                Assert.True(row.Seq >= before.Seq, $"{row.ProducerId} went back from seq {before.Seq} to {row.Seq} after {after}.");
            }

            seen[row.ProducerId] = (row.Epoch, row.Seq);
        }
    }

    /// <summary>
    /// One change of an edge write (producer, seq, local time, type) is logged at most once, whatever was redelivered.
    /// The type is part of it: a deletion central infers from a resync is logged with the seq of the row it removes.
    /// </summary>
    private static async Task NoEventTwiceAsync(CentralServer central)
    {
        var events = new List<StatusEvent>();
        string? continuation = null;
        do
        {
            var page = await central.Events.QueryAsync(new EventQuery
            {
                TenantIds = [Producers.TenantId],
                From = DateTimeOffset.UnixEpoch,
                To = DateTimeOffset.MaxValue.AddYears(-1),
                Limit = 500,
                Continuation = continuation,
            });
            events.AddRange(page.Items);
            continuation = page.Continuation;
        }
        while (continuation is not null);

        var twice = events.Where(e => e.Seq is not null)
            .GroupBy(e => (e.ProducerId, e.Seq, e.LocalTimestamp, e.Type))
            .Where(g => g.Count() > 1)
            .Select(g => $"{g.Key.ProducerId}@{g.Key.Seq} {g.Key.Type} ×{g.Count()}")
            .ToList();
        Assert.True(twice.Count == 0, "Logged more than once: " + string.Join("; ", twice));
    }
}

using System.Diagnostics.CodeAnalysis;
using CloudStatus.Core.Central;
using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Consistency;

/// <summary>
/// Central's apply decision for one batch (docs/adr/0002): epochs, apply-only-newer per producer, the resync
/// deletion rule, clearing the sweep's stale marks, the watermark and gaps, the heartbeat digest check, and the
/// resync cooldown. Pure: it reads only its <see cref="ApplyInput"/> and returns the <see cref="ApplyPlan"/> to write.
/// </summary>
public static class ApplyPlanner
{
    /// <summary>
    /// Plans one batch. Returns false, with no plan, when a rule needs every stored row of the server and
    /// <see cref="ApplyInput.All"/> is null; plan again with them, which always succeeds.
    /// </summary>
    public static bool TryPlan(ApplyInput input, [NotNullWhen(true)] out ApplyPlan? plan)
    {
        ArgumentNullException.ThrowIfNull(input);
        plan = input.All is null && NeedsAllRows(input.Server, input.Batch) ? null : new Planning(input).Run();
        return plan is not null;
    }

    // An unknown or new epoch, a resync's authoritative range, or a server coming back with stale marks to clear.
    private static bool NeedsAllRows(ServerState? server, StatusBatch batch) =>
        server is null || !server.Online || server.StaleCount > 0 || batch.Kind == BatchKind.Resync
        || !string.Equals(server.Epoch, batch.Epoch, StringComparison.Ordinal);

    private sealed class Planning(ApplyInput input)
    {
        private readonly StatusBatch _batch = input.Batch;
        private readonly DateTimeOffset _now = input.Now;
        private readonly List<StatusEvent> _events = new(input.Batch.Records.Count + 1);
        private readonly Dictionary<string, ProducerState> _writes = new(input.Batch.Records.Count, StringComparer.Ordinal);
        private ServerState _server = null!;
        private LiveTally _live = null!;
        private bool _registered;
        private string? _previousEpoch;
        private int _epochDeleted;
        private int _resyncDeleted;
        private bool _cameOnline;
        private DigestRecount? _recount;
        private ResyncRequest? _resync;
        private ResyncRequest? _throttled;
        private long? _missingBaseFrom;
        private int _missingBase;

        /// <summary>Null when a rule needs every stored row and they were not given.</summary>
        public ApplyPlan? Run()
        {
            var wasOnline = input.Server?.Online ?? false;
            StartServer();
            _live = new LiveTally(_server.LiveCount, _server.DigestHash, _server.Counts);
            var applied = ApplyRecords();
            if (_batch.Kind == BatchKind.Resync)
            {
                DeleteOmittedFromRange();
            }

            var staleCount = _server.StaleCount;
            if (!wasOnline || staleCount > 0)
            {
                ClearStale();
                staleCount = 0;
            }

            var (watermark, resync) = AdvanceWatermark();
            if (resync is { FromSeq: 0 } && _batch.Digest is { } edgeDigest)
            {
                // Before a full resync, recount from the stored rows: central's running digest may have drifted (a
                // write phase that died after the records), and a resync alone cannot fix counters of unchanged rows.
                if (input.All is null)
                {
                    return null;
                }

                _live = LiveTally.Recount(Current(input.All), _batch.Epoch);
                var healed = _live.Digest.Matches(edgeDigest);
                _recount = new DigestRecount(_live.Digest.Count, _live.Digest.Hash, healed);
                if (healed)
                {
                    resync = null;
                }
            }

            if (_missingBaseFrom is { } from && (resync is null || resync.FromSeq > from))
            {
                resync = new ResyncRequest(from, $"delta base missing: {_missingBase} delta record(s) from seq {from} name a base central does not hold");
            }

            _server = _server with
            {
                Watermark = watermark,
                LiveCount = _live.Digest.Count,
                DigestHash = _live.Digest.Hash,
                Counts = _live.Counts,
                StaleCount = staleCount,
                Online = true,
                LastBatchAt = _now,
                Batches = _server.Batches + 1,
                Records = _server.Records + _batch.Records.Count,
                Bytes = _server.Bytes + input.Bytes,
            };
            if (_batch.Kind == BatchKind.Heartbeat)
            {
                _server = _server with { LastHeartbeat = _now, ClockOffsetMs = (_now - _batch.SentAt).TotalMilliseconds };
            }

            if (resync is not null)
            {
                Throttle(resync);
            }

            return new ApplyPlan
            {
                Server = _server,
                Writes = _writes.Values,
                Events = _events,
                Connectivity = _batch.Connectivity,
                Applied = applied,
                Resync = _resync,
                ThrottledResync = _throttled,
                Registered = _registered,
                PreviousEpoch = _previousEpoch,
                EpochDeleted = _epochDeleted,
                ResyncDeleted = _resyncDeleted,
                CameOnline = _cameOnline,
                Recount = _recount,
                MissingBase = _missingBase,
            };
        }

        private void StartServer()
        {
            if (input.Server is not { } server)
            {
                _server = new ServerState
                {
                    ServerId = _batch.ServerId,
                    TenantId = _batch.TenantId,
                    SiteId = _batch.SiteId,
                    Epoch = _batch.Epoch,
                    RegisteredAt = _now,
                };
                _events.Add(StatusEvents.ForServer(_server, StatusEventTypes.ServerRegistered, _now));
                _registered = true;
                return;
            }

            _server = server;
            if (string.Equals(server.Epoch, _batch.Epoch, StringComparison.Ordinal))
            {
                return;
            }

            // The server's heap restarted empty. (A late batch of an older epoch lands here too: epochs have no
            // order, so central follows it, and the next batch of the current epoch switches back and resyncs.)
            foreach (var p in input.All!.Where(p => !p.Deleted || p.Epoch.Length > 0))
            {
                // No epoch: the tombstone must not guard against any seq of whichever epoch comes next.
                _writes[p.ProducerId] = p with { Deleted = true, Stale = false, CentralTimestamp = _now, Epoch = string.Empty };
            }

            _previousEpoch = server.Epoch;
            _epochDeleted = _writes.Count;
            _events.Add(StatusEvents.ForServer(server, StatusEventTypes.EpochChanged, _now));
            _server = server with
            {
                Epoch = _batch.Epoch,
                Watermark = 0,
                LiveCount = 0,
                DigestHash = 0,
                Counts = HealthCounts.Zero,
                StaleCount = 0,
                LastResyncRequestAt = null,
                LastResyncFromSeq = null,
            };
        }

        /// <summary>Applies each record newer than central's copy, in seq order; returns how many.</summary>
        private int ApplyRecords()
        {
            var applied = 0;
            foreach (var sent in InSeqOrder(_batch.Records))
            {
                var record = sent;
                var current = _writes.TryGetValue(record.ProducerId, out var w) ? w : input.Stored.GetValueOrDefault(record.ProducerId);
                var sameEpoch = current is not null && string.Equals(current.Epoch, _batch.Epoch, StringComparison.Ordinal);
                if (sameEpoch && record.Seq <= current!.Seq)
                {
                    continue; // redelivered or overtaken: the stored state is as new or newer
                }

                if (record.IsDelta)
                {
                    if (Complete(record, sameEpoch ? current : null) is not { } complete)
                    {
                        // Never a partial state: the row stays as it is and the range is asked for again in full.
                        _missingBaseFrom = Math.Min(_missingBaseFrom ?? long.MaxValue, record.Seq);
                        _missingBase++;
                        continue;
                    }

                    record = complete;
                }

                var live = sameEpoch && !current!.Deleted ? current : null;
                if (live is not null)
                {
                    _live.Remove(live);
                }

                var next = new ProducerState
                {
                    TenantId = ProducerTenancy.TenantOf(record, current?.TenantId, _server.TenantId),
                    ServerId = _server.ServerId,
                    ProducerId = record.ProducerId,
                    Kind = record.Kind,
                    ParentId = record.ParentId,
                    Epoch = _batch.Epoch,
                    Seq = record.Seq,
                    Health = record.Health,
                    State = record.State,
                    Config = record.Config,
                    LocalTimestamp = record.LocalTimestamp,
                    CentralTimestamp = _now,
                    Deleted = record.Deleted,
                    Silent = record.Silent,
                    Flapping = record.Flapping,
                    Mac = record.Mac,
                    Ip = record.Ip,
                };
                if (!next.Deleted)
                {
                    _live.Add(next);
                }

                _writes[record.ProducerId] = next;
                applied++;
                if (StatusEvents.TypeOf(live, record) is { } type)
                {
                    _events.Add(StatusEvents.ForRecord(next, type));
                }
            }

            return applied;
        }

        /// <summary>The records by seq, stably; the edge sends them in that order, so usually the list itself.</summary>
        private static IEnumerable<StatusRecord> InSeqOrder(IReadOnlyList<StatusRecord> records)
        {
            for (var i = 1; i < records.Count; i++)
            {
                if (records[i].Seq < records[i - 1].Seq)
                {
                    return records.OrderBy(r => r.Seq);
                }
            }

            return records;
        }

        /// <summary>
        /// A delta record made whole from <paramref name="current"/>, central's row of the same epoch; null unless that
        /// row is live and is the delta's base (same seq), and its state takes the patch.
        /// </summary>
        private static StatusRecord? Complete(StatusRecord delta, ProducerState? current)
        {
            if (current is null || current.Deleted || current.Seq != delta.Base)
            {
                return null;
            }

            var state = delta.State ?? current.State;
            if (delta.StatePatch is { } patch)
            {
                if (current.State is null || !StatePatch.TryApply(current.State, patch, out state))
                {
                    return null;
                }
            }

            return delta with
            {
                Kind = string.IsNullOrEmpty(delta.Kind) ? current.Kind : delta.Kind,
                ParentId = delta.ParentId ?? current.ParentId,
                Config = delta.Config ?? current.Config,
                Mac = delta.Mac ?? current.Mac,
                Ip = delta.Ip ?? current.Ip,
                State = state,
                Base = null,
                StatePatch = null,
            };
        }

        /// <summary>
        /// A resync is authoritative for [seqFrom, seqTo]: a live row of this epoch whose seq lies in the range but
        /// that the batch omits was deleted at the edge and its tombstone purged before the resync.
        /// </summary>
        private void DeleteOmittedFromRange()
        {
            var inBatch = _batch.Records.Select(r => r.ProducerId).ToHashSet(StringComparer.Ordinal);
            foreach (var current in Current(input.All!))
            {
                if (current.Deleted || !string.Equals(current.Epoch, _batch.Epoch, StringComparison.Ordinal)
                    || current.Seq < _batch.SeqFrom || current.Seq > _batch.SeqTo || inBatch.Contains(current.ProducerId))
                {
                    continue;
                }

                _live.Remove(current);
                var tombstone = current with { Deleted = true, Stale = false, CentralTimestamp = _now };
                _writes[current.ProducerId] = tombstone;
                _events.Add(StatusEvents.ForRecord(tombstone, StatusEventTypes.Deleted));
                _resyncDeleted++;
            }
        }

        /// <summary>Any batch means the server is heard: clear the stale marks of the sweep.</summary>
        private void ClearStale()
        {
            foreach (var current in Current(input.All!))
            {
                if (current.Stale)
                {
                    _writes[current.ProducerId] = current with { Stale = false };
                }
            }

            if (!_registered)
            {
                _events.Add(StatusEvents.ForServer(_server, StatusEventTypes.ServerOnline, _now));
                _cameOnline = true;
            }
        }

        private (long Watermark, ResyncRequest? Resync) AdvanceWatermark()
        {
            var w = _server.Watermark;
            switch (_batch.Kind)
            {
                case BatchKind.Periodic or BatchKind.Resync:
                    return _batch.SeqFrom <= w + 1
                        ? (Math.Max(w, _batch.SeqTo), null)
                        : (w, new ResyncRequest(w + 1, $"gap: {_batch.Kind.ToString().ToLowerInvariant()} batch starts at {_batch.SeqFrom}, watermark {w}"));
                case BatchKind.Async:
                    // Sent ahead of a backlog on purpose: never a gap.
                    return _batch.SeqFrom <= w + 1 ? (Math.Max(w, _batch.SeqTo), null) : (w, null);
                default:
                    if (_batch.SeqTo > w)
                    {
                        return (w, new ResyncRequest(w + 1, $"gap: heartbeat at {_batch.SeqTo}, watermark {w}"));
                    }

                    if (_batch.SeqTo == w && _batch.Digest is { } d && !_live.Digest.Matches(d))
                    {
                        return (w, new ResyncRequest(0, $"digest mismatch at {w}: edge {d.Count}/{d.Hash}, central {_live.Digest}"));
                    }

                    return (w, null);
            }
        }

        private void Throttle(ResyncRequest resync)
        {
            if (_server.LastResyncRequestAt is { } last && _now - last < input.ResyncCooldown)
            {
                _throttled = resync;
                return;
            }

            _server = _server with { LastResyncRequestAt = _now, LastResyncFromSeq = resync.FromSeq };
            _resync = resync;
        }

        /// <summary>Every stored row as this plan leaves it so far.</summary>
        private IEnumerable<ProducerState> Current(IReadOnlyList<ProducerState> all) =>
            all.Select(p => _writes.GetValueOrDefault(p.ProducerId) ?? p);
    }
}

using CloudStatus.Core.Wire;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Edge.Tests.Support;

/// <summary>
/// Stands in for the MQTT IoT Hub transport (which has its own tests against a real MQTT broker): records every
/// acknowledged message and decodes it, and can be switched offline, when every send fails like an unacknowledged publish.
/// </summary>
internal sealed class FakeUpstreamTransport : IUpstreamTransport
{
    private readonly Lock _gate = new();
    private readonly List<OutboundMessage> _messages = [];
    private int _failAfter = -1;

    public bool Online { get; set; } = true;

    public bool IsConnected => Online;

    public int Attempts { get; private set; }

    public IReadOnlyList<OutboundMessage> Messages
    {
        get
        {
            lock (_gate)
            {
                return [.. _messages];
            }
        }
    }

    /// <summary>Every message as decoded: delta records as they went on the wire.</summary>
    public IReadOnlyList<StatusBatch> WireBatches => [.. Messages.Select(m => BatchCodec.Decode(m.Body, m.ContentEncoding))];

    /// <summary>
    /// Every message with its delta records completed from the records sent before, as central completes them; they
    /// keep <see cref="StatusRecord.Base"/> and <see cref="StatusRecord.StatePatch"/>, so a test can tell one.
    /// </summary>
    public IReadOnlyList<StatusBatch> Batches
    {
        get
        {
            var known = new Dictionary<string, StatusRecord>(StringComparer.Ordinal);
            var result = new List<StatusBatch>();
            foreach (var batch in WireBatches)
            {
                var records = batch.Records.Select(r => Complete(r, known)).ToList();
                foreach (var record in records.Where(r => !known.TryGetValue(r.ProducerId, out var k) || k.Seq < r.Seq))
                {
                    known[record.ProducerId] = record;
                }

                result.Add(batch with { Records = records });
            }

            return result;
        }
    }

    /// <summary>Acknowledge <paramref name="count"/> more messages, then go offline.</summary>
    public void GoOfflineAfter(int count) => _failAfter = count;

    public void Clear()
    {
        lock (_gate)
        {
            _messages.Clear();
        }
    }

    public Task SendAsync(OutboundMessage message, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            Attempts++;
            if (_failAfter == 0)
            {
                Online = false;
                _failAfter = -1;
            }
            else if (_failAfter > 0)
            {
                _failAfter--;
            }

            if (!Online)
            {
                throw new TransportUnavailableException("The fake hub is offline.");
            }

            _messages.Add(message);
        }

        return Task.CompletedTask;
    }

    private static StatusRecord Complete(StatusRecord record, Dictionary<string, StatusRecord> known)
    {
        if (record.Base is not { } baseSeq || !known.TryGetValue(record.ProducerId, out var prior) || prior.Seq != baseSeq)
        {
            return record;
        }

        var state = record.State ?? prior.State;
        if (record.StatePatch is { } patch && prior.State is not null && StatePatch.TryApply(prior.State, patch, out var patched))
        {
            state = patched;
        }

        return record with
        {
            Kind = string.IsNullOrEmpty(record.Kind) ? prior.Kind : record.Kind,
            ParentId = record.ParentId ?? prior.ParentId,
            Config = record.Config ?? prior.Config,
            Mac = record.Mac ?? prior.Mac,
            Ip = record.Ip ?? prior.Ip,
            State = state,
        };
    }
}

using CloudStatus.Edge.Commands;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Edge.Tests.Support;

/// <summary>A producer control that records requests and answers what the test sets.</summary>
internal sealed class RecordingProducerControl : IProducerControl
{
    public List<(string Action, string ProducerId, string? Config)> Calls { get; } = [];

    public ProducerControlResult Answer { get; set; } = ProducerControlResult.Accepted;

    public Task<ProducerControlResult> RebootAsync(string producerId, CancellationToken cancellationToken = default) => Record("reboot", producerId, null);

    public Task<ProducerControlResult> ApplyConfigAsync(string producerId, string? config, CancellationToken cancellationToken = default) =>
        Record("config", producerId, config);

    public Task<ProducerControlResult> RemoveAsync(string producerId, CancellationToken cancellationToken = default) => Record("remove", producerId, null);

    private Task<ProducerControlResult> Record(string action, string producerId, string? config)
    {
        lock (Calls)
        {
            Calls.Add((action, producerId, config));
        }

        return Task.FromResult(Answer);
    }
}

using System.Collections.Concurrent;
using CloudStatus.Edge.Transport;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>Records every desired-properties update; can fail on chosen versions, or run a step (e.g. report back) per update.</summary>
internal sealed class RecordingTwinHandler : IModuleTwinHandler
{
    public ConcurrentQueue<DesiredPropertiesUpdate> Updates { get; } = new();

    public HashSet<long> FailOnVersions { get; } = [];

    public Func<DesiredPropertiesUpdate, CancellationToken, Task>? OnUpdate { get; set; }

    public async Task OnDesiredPropertiesAsync(DesiredPropertiesUpdate update, CancellationToken cancellationToken)
    {
        Updates.Enqueue(update);
        if (FailOnVersions.Contains(update.Version))
        {
            throw new InvalidOperationException($"Failing on version {update.Version} as scripted.");
        }

        if (OnUpdate is not null)
        {
            await OnUpdate(update, cancellationToken);
        }
    }
}

namespace CloudStatus.Edge.Commands;

/// <summary>
/// The answers to the last <see cref="Capacity"/> commands by command id, so a command central delivers again (a
/// queue redelivery, a re-scan) gets the same answer without acting twice. A second delivery while the first is still
/// running awaits the same work. Work that throws is forgotten, so a retry runs it again.
/// </summary>
internal sealed class RecentCommandResults(int capacity = RecentCommandResults.DefaultCapacity)
{
    public const int DefaultCapacity = 512;

    private readonly Lock _gate = new();
    private readonly Dictionary<string, Task<(int Status, string Message)>> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();

    public int Capacity => capacity;

    /// <summary>Runs <paramref name="work"/> once per command id; <c>Replayed</c> is true when the answer is a remembered one.</summary>
    public async Task<(int Status, string Message, bool Replayed)> RunOnceAsync(string commandId, Func<Task<(int Status, string Message)>> work)
    {
        ArgumentNullException.ThrowIfNull(work);
        Task<(int Status, string Message)> task;
        bool replayed;
        lock (_gate)
        {
            replayed = _byId.TryGetValue(commandId, out task!);
            if (!replayed)
            {
                task = work();
                _byId[commandId] = task;
                _order.Enqueue(commandId);
                while (_order.Count > capacity && _order.TryDequeue(out var oldest))
                {
                    _byId.Remove(oldest);
                }
            }
        }

        try
        {
            var (status, message) = await task.ConfigureAwait(false);
            return (status, message, replayed);
        }
        catch
        {
            lock (_gate)
            {
                if (_byId.TryGetValue(commandId, out var current) && current == task)
                {
                    _byId.Remove(commandId);
                }
            }

            throw;
        }
    }
}

using System.Text.Json;
using System.Text.Json.Serialization;

namespace CloudStatus.Edge.Commands;

/// <summary>
/// The answers to the last <see cref="Capacity"/> commands by command id, so a command central delivers again (a
/// queue redelivery, a re-scan) gets the same answer without acting twice. A second delivery while the first is still
/// running awaits the same work. Work that throws is forgotten, so a retry runs it again. With a file (in the node's
/// data directory) the answers also survive a module restart: each new answer rewrites it (commands are rare).
/// </summary>
internal sealed class RecentCommandResults
{
    public const int DefaultCapacity = 512;

    /// <summary>The file's name in the data directory.</summary>
    public const string FileName = "command-results.json";

    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _saving = new(1, 1);
    private readonly Dictionary<string, Task<(int Status, string Message)>> _byId = new(StringComparer.Ordinal);
    private readonly Queue<string> _order = new();
    private readonly string? _filePath;

    public RecentCommandResults(int capacity = DefaultCapacity, string? filePath = null)
    {
        Capacity = capacity;
        _filePath = filePath;
    }

    public int Capacity { get; }

    /// <summary>The results kept in <paramref name="filePath"/>, or none when it is missing or unreadable (then <paramref name="error"/> says why).</summary>
    public static RecentCommandResults Open(string filePath, out string? error, int capacity = DefaultCapacity)
    {
        var results = new RecentCommandResults(capacity, filePath);
        error = null;
        try
        {
            if (File.Exists(filePath))
            {
                foreach (var entry in JsonSerializer.Deserialize(File.ReadAllBytes(filePath), RecentCommandResultsJsonContext.Default.ListCommandResultEntry) ?? [])
                {
                    results.Remember(entry.Id, Task.FromResult((entry.Status, entry.Message)));
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or JsonException)
        {
            error = ex.Message;
        }

        return results;
    }

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
                Remember(commandId, task);
            }
        }

        (int Status, string Message) answer;
        try
        {
            answer = await task.ConfigureAwait(false);
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

        if (!replayed && _filePath is not null)
        {
            await SaveAsync(_filePath).ConfigureAwait(false);
        }

        return (answer.Status, answer.Message, replayed);
    }

    private void Remember(string commandId, Task<(int Status, string Message)> task)
    {
        _byId[commandId] = task;
        _order.Enqueue(commandId);
        while (_order.Count > Capacity && _order.TryDequeue(out var oldest))
        {
            _byId.Remove(oldest);
        }
    }

    /// <summary>Writes every finished answer, oldest first, to a temporary file then over the old one.</summary>
    private async Task SaveAsync(string filePath)
    {
        await _saving.WaitAsync().ConfigureAwait(false);
        try
        {
            List<CommandResultEntry> entries;
            lock (_gate)
            {
                entries = [.. _order.Where(id => _byId.TryGetValue(id, out var t) && t.IsCompletedSuccessfully)
                    .Select(id => new CommandResultEntry(id, _byId[id].Result.Status, _byId[id].Result.Message))];
            }

            var temporary = filePath + ".tmp";
            await File.WriteAllBytesAsync(temporary, JsonSerializer.SerializeToUtf8Bytes(entries, RecentCommandResultsJsonContext.Default.ListCommandResultEntry)).ConfigureAwait(false);
            File.Move(temporary, filePath, overwrite: true);
        }
        finally
        {
            _saving.Release();
        }
    }
}

/// <summary>One remembered answer as kept in the file.</summary>
internal sealed record CommandResultEntry(string Id, int Status, string Message);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<CommandResultEntry>))]
internal sealed partial class RecentCommandResultsJsonContext : JsonSerializerContext;

using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Tests.IotHub;

/// <summary>Keeps every log line (message and exception text) to check what the transport writes.</summary>
internal sealed class RecordingLogger<T> : ILogger<T>
{
    public ConcurrentQueue<(EventId EventId, LogLevel Level, string Text)> Entries { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        Entries.Enqueue((eventId, logLevel, formatter(state, exception) + " " + exception));
    }
}

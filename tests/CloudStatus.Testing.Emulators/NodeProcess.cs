using System.Collections.Concurrent;
using System.Diagnostics;

namespace CloudStatus.Testing.Emulators;

/// <summary>
/// One emulator run as <c>node script args</c> in <c>tests/emulators</c>: started, awaited until it prints its ready
/// line, and stopped by closing its stdin (the launchers exit then, also when the test process dies) or, failing that,
/// by killing its process tree. Its output is kept for the error message when it does not come up.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    private const int KeptLines = 60;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Func<string, bool> _isReadyLine;

    private NodeProcess(Process process, Func<string, bool> isReadyLine)
    {
        _process = process;
        _isReadyLine = isReadyLine;
    }

    public string Name { get; private init; } = string.Empty;

    /// <summary>Starts <paramref name="script"/> (relative to tests/emulators) and waits for a line <paramref name="isReadyLine"/> accepts.</summary>
    /// <returns>The running process and its ready line.</returns>
    public static async Task<(NodeProcess Process, string ReadyLine)> StartAsync(
        string name, string script, IEnumerable<string> arguments, Func<string, bool> isReadyLine, TimeSpan timeout)
    {
        var directory = EmulatorPaths.EmulatorsDirectory;
        var info = new ProcessStartInfo("node")
        {
            WorkingDirectory = directory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add(Path.Combine(directory, script));
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var node = new NodeProcess(process, isReadyLine) { Name = name };
        process.OutputDataReceived += (_, e) => node.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => node.OnLine(e.Data);
        process.Exited += (_, _) => node._ready.TrySetException(new InvalidOperationException(
            $"{name} exited with code {SafeExitCode(process)} before it was ready.{node.OutputTail()}"));
        try
        {
            if (!process.Start())
            {
                throw new InvalidOperationException($"{name}: node could not be started.");
            }
        }
        catch (System.ComponentModel.Win32Exception ex)
        {
            process.Dispose();
            throw new InvalidOperationException($"{name}: 'node' is not on PATH ({ex.Message}); Node 20 or later is required for the emulator tests.", ex);
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var line = await node._ready.Task.WaitAsync(timeout).ConfigureAwait(false);
            return (node, line);
        }
        catch (TimeoutException ex)
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw new InvalidOperationException($"{name} did not report ready within {timeout.TotalSeconds:0} s.{node.OutputTail()}", ex);
        }
        catch
        {
            await node.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The last lines the emulator printed (for diagnostics).</summary>
    public string OutputTail() => _output.IsEmpty ? string.Empty : Environment.NewLine + "Output:" + Environment.NewLine + string.Join(Environment.NewLine, _output);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.StandardInput.Close();
                using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                try
                {
                    await _process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    _process.Kill(entireProcessTree: true);
                    await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
                }
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private static string SafeExitCode(Process process)
    {
        try
        {
            return process.ExitCode.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (InvalidOperationException)
        {
            return "?";
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines && _output.TryDequeue(out _))
        {
        }

        if (_isReadyLine(line))
        {
            _ready.TrySetResult(line);
        }
    }
}

using System.Diagnostics;
using System.Globalization;

namespace CloudStatus.Edge.Producers.Supervision;

/// <summary>Starts and stops the operating-system processes of the supervised entries (no shell, no redirection).</summary>
internal static class ProcessLauncher
{
    public static Process Start(SupervisedProcessOptions options)
    {
        var info = new ProcessStartInfo(options.Start[0]) { UseShellExecute = false };
        foreach (var argument in options.Start.Skip(1))
        {
            info.ArgumentList.Add(argument);
        }

        if (!string.IsNullOrWhiteSpace(options.WorkingDirectory))
        {
            info.WorkingDirectory = options.WorkingDirectory;
        }

        return Process.Start(info) ?? throw new InvalidOperationException($"'{options.Start[0]}' did not start a process.");
    }

    /// <summary>Runs the stop command (if any) and waits up to <paramref name="timeout"/>; then kills the tree of what still runs.</summary>
    public static async Task StopAsync(Process process, SupervisedProcessOptions options, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (process.HasExited)
        {
            return;
        }

        if (options.Stop.Count > 0)
        {
            var pid = process.Id.ToString(CultureInfo.InvariantCulture);
            var info = new ProcessStartInfo(options.Stop[0].Replace("{pid}", pid, StringComparison.Ordinal)) { UseShellExecute = false };
            foreach (var argument in options.Stop.Skip(1))
            {
                info.ArgumentList.Add(argument.Replace("{pid}", pid, StringComparison.Ordinal));
            }

            try
            {
                using var stopper = Process.Start(info);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                wait.CancelAfter(timeout);
                await process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
            }
            catch (System.ComponentModel.Win32Exception)
            {
                // The stop command could not run: kill below.
            }
        }

        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>How the process ended, e.g. <c>exit code 1</c> or <c>killed by signal 9</c> (Unix reports a signal as 128 + n).</summary>
    public static string ExitReason(Process process)
    {
        var code = process.ExitCode;
        return !OperatingSystem.IsWindows() && code is > 128 and < 160
            ? string.Create(CultureInfo.InvariantCulture, $"killed by signal {code - 128}")
            : string.Create(CultureInfo.InvariantCulture, $"exit code {code}");
    }
}

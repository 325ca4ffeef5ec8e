using System.Diagnostics;

namespace CloudStatus.Infra.Tests.Support;

/// <summary>The Bicep CLI that scripts/deps/20-bicep.sh restores from NuGet into .tools/bicep.</summary>
internal static class BicepCli
{
    public static string ExecutablePath => RepoPaths.InRoot(".tools", "bicep", "bicep");

    /// <summary>Runs <c>bicep</c> with <paramref name="arguments"/> in the repository root.</summary>
    public static async Task<BicepResult> RunAsync(IEnumerable<string> arguments, CancellationToken cancellationToken)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException(
                $"The Bicep CLI is missing at {ExecutablePath}: run scripts/deps/20-bicep.sh (scripts/test.sh does).");
        }

        var start = new ProcessStartInfo(ExecutablePath)
        {
            WorkingDirectory = RepoPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("bicep did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = process.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        return new BicepResult(process.ExitCode, await stdout.ConfigureAwait(false), await stderr.ConfigureAwait(false));
    }

    /// <summary>Bounds one CLI call; the first run on a cold machine takes a few seconds.</summary>
    public static CancellationTokenSource Timeout() => new(TimeSpan.FromMinutes(3));
}

internal sealed record BicepResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Diagnostic lines (<c>file(line,col) : Warning|Error|Info CODE: text</c>) in either stream.</summary>
    public IReadOnlyList<string> Diagnostics =>
        [.. (StandardOutput + "\n" + StandardError)
            .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Where(line => line.Contains(" : Warning ", StringComparison.Ordinal)
                || line.Contains(" : Error ", StringComparison.Ordinal)
                || line.Contains(" : Info ", StringComparison.Ordinal))];
}

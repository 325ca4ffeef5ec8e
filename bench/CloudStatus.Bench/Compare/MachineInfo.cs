using System.Globalization;
using System.Runtime.InteropServices;

namespace CloudStatus.Bench.Compare;

/// <summary>Where figures came from: date, CPU, cores, OS and runtime, as one line.</summary>
internal static class MachineInfo
{
    public static string Describe()
    {
        var cpu = "unknown CPU";
        try
        {
            if (File.Exists("/proc/cpuinfo"))
            {
                var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
                if (line is not null)
                {
                    cpu = line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
                }
            }
        }
        catch (IOException)
        {
        }

        return string.Create(
            CultureInfo.InvariantCulture,
            $"{DateTimeOffset.UtcNow:yyyy-MM-dd} UTC, {cpu}, {Environment.ProcessorCount} cores (shared with other work), {RuntimeInformation.OSDescription}, {RuntimeInformation.FrameworkDescription}");
    }
}

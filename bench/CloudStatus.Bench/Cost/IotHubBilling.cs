namespace CloudStatus.Bench.Cost;

/// <summary>IoT Hub meters every device-to-cloud message (and, here, every twin patch) in 4 KB units against the daily quota.</summary>
internal static class IotHubBilling
{
    public const int UnitBytes = 4 * 1024;

    /// <summary>Billable units of one message of <paramref name="bytes"/> (body plus application properties): ceil(bytes / 4 KB), at least 1.</summary>
    public static long Units(long bytes) => Math.Max(1, (bytes + UnitBytes - 1) / UnitBytes);
}

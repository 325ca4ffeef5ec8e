using CloudStatus.Bench.Cost;

namespace CloudStatus.Bench.Baselines;

/// <summary>
/// What one approach cost over the counted time: messages, body bytes uncompressed (raw JSON) and as sent compressed
/// (gzip, or raw where the approach cannot compress), IoT Hub billable 4 KB units, documents written centrally and
/// Cosmos request units.
/// </summary>
internal sealed class WireTally(string name)
{
    public string Name { get; } = name;
    public long Messages { get; private set; }
    public long RawBytes { get; private set; }
    public long GzipBytes { get; private set; }
    public long BillableUnits { get; private set; }
    public long CentralWrites { get; private set; }
    public double RequestUnits { get; private set; }

    /// <summary>One message: its uncompressed size, its size as compressed on the wire and the size IoT Hub bills.</summary>
    public void AddMessage(long rawBytes, long gzipBytes, long billedBytes)
    {
        Messages++;
        RawBytes += rawBytes;
        GzipBytes += gzipBytes;
        BillableUnits += IotHubBilling.Units(billedBytes);
    }

    public void AddCentral(long writes, double requestUnits)
    {
        CentralWrites += writes;
        RequestUnits += requestUnits;
    }

    public void Reset()
    {
        Messages = RawBytes = GzipBytes = BillableUnits = CentralWrites = 0;
        RequestUnits = 0;
    }
}

namespace CloudStatus.Core.Wire;

/// <summary>Names fixed by the StatusBatch v1 contract and the IoT Hub route that selects it.</summary>
public static class WireConstants
{
    public const string SchemaV1 = "cloudstatus.batch/v1";

    /// <summary>Largest message IoT Hub accepts; a bigger batch is split in order.</summary>
    public const int MaxMessageBytes = 256 * 1024;

    public const string JsonContentType = "application/json";
    public const string GzipEncoding = "gzip";
    public const string Utf8Encoding = "utf-8";

    /// <summary>
    /// Application property the IoT Hub route selects on (routing on the body is impossible once it is
    /// gzip-compressed). Its value is <see cref="SchemaV1"/>.
    /// </summary>
    public const string SchemaProperty = "csSchema";

    /// <summary>Application property carrying the batch kind, for diagnostics and routing.</summary>
    public const string KindProperty = "csKind";
}

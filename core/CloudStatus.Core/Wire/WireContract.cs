using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace CloudStatus.Core.Wire;

/// <summary>
/// The StatusBatch v1 contract as it goes on the wire: <see cref="StatusBatchJsonContext"/> with the members whose
/// absence already means their default left out — false flags, empty lists, a delta's empty kind, and the local
/// timestamp of a record that gives its age instead. Readers take an absent member as its default, so every body
/// this writes reads back the same.
/// </summary>
internal static class WireContract
{
    public static JsonTypeInfo<StatusBatch> StatusBatch { get; } = Create(LeaveOutDefaults);

    /// <summary>The same contract for reading only, its records read by <see cref="StatusRecordsReader"/>.</summary>
    public static JsonTypeInfo<StatusBatch> StatusBatchForReading { get; } = Create(ReadRecordsByHand);

    private static JsonTypeInfo<StatusBatch> Create(Action<JsonTypeInfo> modifier)
    {
        var options = new JsonSerializerOptions(StatusBatchJsonContext.Default.Options)
        {
            TypeInfoResolver = StatusBatchJsonContext.Default.WithAddedModifier(modifier),
        };
        return (JsonTypeInfo<StatusBatch>)options.GetTypeInfo(typeof(StatusBatch));
    }

    private static void ReadRecordsByHand(JsonTypeInfo info)
    {
        if (info.Type == typeof(StatusBatch))
        {
            foreach (var property in info.Properties)
            {
                if (property.Name == "records")
                {
                    property.CustomConverter = new StatusRecordsReader();
                }
            }
        }
    }

    private static void LeaveOutDefaults(JsonTypeInfo info)
    {
        if (info.Type == typeof(StatusRecord))
        {
            foreach (var property in info.Properties)
            {
                if (property.PropertyType == typeof(bool))
                {
                    property.ShouldSerialize = static (_, value) => value is true;
                }
                else if (property.Name == "kind")
                {
                    property.ShouldSerialize = static (_, value) => value is string { Length: > 0 };
                }
                else if (property.Name == "localTimestamp")
                {
                    property.ShouldSerialize = static (record, _) => ((StatusRecord)record).AgeTicks is null;
                }
            }
        }
        else if (info.Type == typeof(StatusBatch))
        {
            foreach (var property in info.Properties)
            {
                if (property.Name == "records")
                {
                    property.ShouldSerialize = static (_, value) => value is IReadOnlyCollection<StatusRecord> { Count: > 0 };
                }
                else if (property.Name == "connectivity")
                {
                    property.ShouldSerialize = static (_, value) => value is IReadOnlyCollection<ConnectivityEntry> { Count: > 0 };
                }
            }
        }
    }
}

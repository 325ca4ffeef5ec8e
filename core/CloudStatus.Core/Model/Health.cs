using System.Text.Json.Serialization;

namespace CloudStatus.Core.Model;

/// <summary>Health of one producer as its local server last saw it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Health>))]
public enum Health
{
    [JsonStringEnumMemberName("unknown")] Unknown = 0,
    [JsonStringEnumMemberName("online")] Online = 1,
    [JsonStringEnumMemberName("degraded")] Degraded = 2,
    [JsonStringEnumMemberName("offline")] Offline = 3,
}

using System.Text.Json.Serialization;

namespace CloudStatus.Core.Wire;

/// <summary>Which list a switch's connectivity entry carries (E6): whichever is shorter.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ConnectivityMode>))]
public enum ConnectivityMode
{
    /// <summary><c>switches</c> lists the switches this one cannot reach; all others are reachable.</summary>
    [JsonStringEnumMemberName("disconnected")] Disconnected = 0,

    /// <summary><c>switches</c> lists the switches this one can reach; all others are not.</summary>
    [JsonStringEnumMemberName("connected")] Connected = 1,
}

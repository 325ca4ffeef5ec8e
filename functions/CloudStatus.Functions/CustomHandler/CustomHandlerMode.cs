using Microsoft.Extensions.Configuration;

namespace CloudStatus.Functions.CustomHandler;

/// <summary>
/// Whether the app runs as the Functions host's custom handler: the host sets <see cref="PortVariable"/> on the
/// process it starts. Then the host's triggers drive ingest, the sweep and the views (POSTs to the invocation
/// endpoints) and the local stand-ins for those triggers do not run.
/// </summary>
internal static class CustomHandlerMode
{
    /// <summary>The port the Functions host forwards invocations and HTTP requests to (documented for custom handlers).</summary>
    public const string PortVariable = "FUNCTIONS_CUSTOMHANDLER_PORT";

    public static bool IsActive(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return !string.IsNullOrEmpty(configuration[PortVariable]);
    }

    /// <summary>The port to listen on, or an error naming the variable when it is not a TCP port.</summary>
    public static int ParsePort(string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var port) && port is > 0 and <= 65535
            ? port
            : throw new InvalidOperationException($"{PortVariable} must be a TCP port between 1 and 65535 (was '{value}').");
}

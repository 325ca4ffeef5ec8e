namespace CloudStatus.Hosting.Telemetry;

/// <summary>The settings (environment variables or configuration keys) that choose where telemetry goes.</summary>
public static class TelemetrySettings
{
    /// <summary>Set by the Function App's app settings: export to Application Insights (Azure Monitor).</summary>
    public const string ApplicationInsightsConnectionString = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary><c>Authorization=AAD</c>, optionally with <c>ClientId=</c> of the user-assigned identity to export as.</summary>
    public const string ApplicationInsightsAuthenticationString = "APPLICATIONINSIGHTS_AUTHENTICATION_STRING";

    /// <summary>Export over OTLP (e.g. to the optional collector module on an IoT Edge device).</summary>
    public const string OtlpEndpoint = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary><c>grpc</c> (the exporter's default) or <c>http/protobuf</c>.</summary>
    public const string OtlpProtocol = "OTEL_EXPORTER_OTLP_PROTOCOL";

    /// <summary>Print metrics and traces to the console (local runs and the dev stack).</summary>
    public const string ConsoleKey = "CloudStatus:Telemetry:Console";
}

namespace CloudStatus.Edge.Tests.Hosting;

/// <summary>
/// Command-line arguments of a valid module on loopback whose hub is unreachable (port 1); one push caller may speak
/// for the whole server with <see cref="PushSecret"/> (its secret file is written beside the data directory).
/// </summary>
internal static class EdgeModuleArgs
{
    public const string PushSecret = "test-push-secret-for-the-server";

    public static string[] For(string dataDirectory, string serverId = "srv-01", params string[] extra)
    {
        var secretFile = dataDirectory.TrimEnd('/') + ".push-secret";
        Directory.CreateDirectory(Path.GetDirectoryName(secretFile)!);
        File.WriteAllText(secretFile, PushSecret);
        return
    [
        "--urls", "http://127.0.0.1:0",
        "--Logging:LogLevel:Default", "Warning",
        "--CloudStatus:Edge:TenantId", "t-1",
        "--CloudStatus:Edge:SiteId", "site-1",
        "--CloudStatus:Edge:ServerId", serverId,
        "--CloudStatus:Edge:DataDirectory", dataDirectory,
        "--IotHub:ConnectionString",
        "HostName=hub.example.test;DeviceId=srv-01;ModuleId=cloudstatus;SharedAccessKey=c2VjcmV0LWtleS1mb3ItdGVzdHM=;GatewayHostName=127.0.0.1",
        "--IotHub:Port", "1",
        "--IotHub:UseTls", "false",
        "--CloudStatus:Edge:ProducerPush:Callers:0:Name", "test-em",
        "--CloudStatus:Edge:ProducerPush:Callers:0:SecretFile", secretFile,
        "--CloudStatus:Edge:ProducerPush:Callers:0:Subtrees:0", serverId,
        .. extra,
    ];
    }
}

using System.Text.Json;
using CloudStatus.Functions.CustomHandler;

namespace CloudStatus.Functions.Tests.Packaging;

/// <summary>
/// Checks of a Function App folder (the repo's sources or a publish output) against the shared contract: host.json
/// with the custom handler and the extension bundle, and exactly the function folders central answers for.
/// </summary>
internal static class FunctionAppLayout
{
    public static readonly string[] Functions = [CustomHandlerEndpoints.IngestStatus, CustomHandlerEndpoints.SweepHeartbeats, CustomHandlerEndpoints.BuildConnectivityMatrix,
        CustomHandlerEndpoints.DispatchCommands, CustomHandlerEndpoints.DispatchPoison, CustomHandlerEndpoints.RescanCommands, "Api", "Dashboard"];

    public static JsonElement Read(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.Clone();
    }

    public static void AssertHostJson(JsonElement host)
    {
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        var bundle = host.GetProperty("extensionBundle");
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", bundle.GetProperty("id").GetString());
        Assert.Equal("[4.*, 5.0.0)", bundle.GetProperty("version").GetString());
        var handler = host.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("CloudStatus.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
        Assert.Equal(string.Empty, handler.GetProperty("description").GetProperty("workingDirectory").GetString());
        var queues = host.GetProperty("extensions").GetProperty("queues");
        Assert.Equal(global::CloudStatus.Functions.Commands.DispatchOptions.DefaultMaxDequeueCount, queues.GetProperty("maxDequeueCount").GetInt32());
        Assert.Equal("base64", queues.GetProperty("messageEncoding").GetString()); // what StorageQueueDispatchQueue sends
    }

    /// <summary>The binding of each function folder under <paramref name="root"/>, checked against the contract.</summary>
    public static void AssertFunctionFolders(string root)
    {
        foreach (var name in Functions)
        {
            Assert.True(File.Exists(Path.Combine(root, name, "function.json")), $"{name}/function.json is missing under {root}");
        }

        var ingest = Single(root, CustomHandlerEndpoints.IngestStatus);
        Assert.Equal(
            ("eventHubTrigger", "in", CustomHandlerEndpoints.EventsBinding, "many", "binary"),
            (Text(ingest, "type"), Text(ingest, "direction"), Text(ingest, "name"), Text(ingest, "cardinality"), Text(ingest, "dataType")));
        Assert.Equal(
            ("IotHubEvents", "%IngestEventHubName%", "%IngestConsumerGroup%"),
            (Text(ingest, "connection"), Text(ingest, "eventHubName"), Text(ingest, "consumerGroup")));

        foreach (var (name, schedule) in new[] { (CustomHandlerEndpoints.SweepHeartbeats, "*/30 * * * * *"), (CustomHandlerEndpoints.BuildConnectivityMatrix, "0 * * * * *") })
        {
            var timer = Single(root, name);
            Assert.Equal(("timerTrigger", CustomHandlerEndpoints.TimerBinding, schedule), (Text(timer, "type"), Text(timer, "name"), Text(timer, "schedule")));
        }

        // Dispatch: the queue and the poison queue the host moves a message to after its dequeue limit, one identity-based connection.
        foreach (var (name, queue) in new[] { (CustomHandlerEndpoints.DispatchCommands, "%DispatchQueueName%"), (CustomHandlerEndpoints.DispatchPoison, "%DispatchQueueName%-poison") })
        {
            var queueTrigger = Single(root, name);
            Assert.Equal(
                ("queueTrigger", "in", CustomHandlerEndpoints.MessageBinding, queue, "Dispatch"),
                (Text(queueTrigger, "type"), Text(queueTrigger, "direction"), Text(queueTrigger, "name"), Text(queueTrigger, "queueName"), Text(queueTrigger, "connection")));
        }

        var rescan = Single(root, CustomHandlerEndpoints.RescanCommands);
        Assert.Equal(("timerTrigger", CustomHandlerEndpoints.TimerBinding, "15 * * * * *"), (Text(rescan, "type"), Text(rescan, "name"), Text(rescan, "schedule")));

        var api = Read(Path.Combine(root, "Api", "function.json")).GetProperty("bindings").EnumerateArray().ToList();
        Assert.Equal(2, api.Count);
        var trigger = api.Single(b => Text(b, "type") == "httpTrigger");
        Assert.Equal(("anonymous", "api/v1/{*path}"), (Text(trigger, "authLevel"), Text(trigger, "route")));
        Assert.False(trigger.TryGetProperty("methods", out _), "the Api function takes every method");
        Assert.Equal("in", Text(trigger, "direction"));
        Assert.Equal("out", Text(api.Single(b => Text(b, "type") == "http"), "direction"));

        // The dashboard's static files: one path segment at most, so it can never shadow api/v1 or the host's routes.
        var dashboard = Read(Path.Combine(root, "Dashboard", "function.json")).GetProperty("bindings").EnumerateArray()
            .Single(b => Text(b, "type") == "httpTrigger");
        Assert.Equal(("anonymous", "{file?}"), (Text(dashboard, "authLevel"), Text(dashboard, "route")));
        Assert.Equal(["get", "head"], dashboard.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
    }

    /// <summary>The public path of the Api function: routePrefix + route, which must be what the app serves (/api/v1/…).</summary>
    public static string ApiRoute(JsonElement host, string root)
    {
        var prefix = host.TryGetProperty("extensions", out var ext) && ext.TryGetProperty("http", out var http) && http.TryGetProperty("routePrefix", out var p)
            ? p.GetString()!
            : "api";
        var route = Text(Read(Path.Combine(root, "Api", "function.json")).GetProperty("bindings")[0], "route");
        return "/" + string.Join('/', new[] { prefix, route }.Where(s => s!.Length > 0));
    }

    private static JsonElement Single(string root, string function) =>
        Assert.Single(Read(Path.Combine(root, function, "function.json")).GetProperty("bindings").EnumerateArray());

    private static string? Text(JsonElement binding, string property) =>
        binding.TryGetProperty(property, out var value) ? value.GetString() : null;
}

using System.Text.Json.Nodes;
using CloudStatus.Edge.Configuration;
using CloudStatus.Edge.Transport;
using CloudStatus.Edge.Twin;
using Microsoft.Extensions.Logging;

namespace CloudStatus.Edge.Hosting;

/// <summary>
/// Configures the running <see cref="EdgeNode"/> from the module twin. It keeps the desired document (the full twin's
/// after each connect, patches merged in by version), derives the options from the configured ones plus that document,
/// and — when they validate and differ from those in force — reconfigures the node. Invalid documents are rejected as a
/// whole: the node keeps its options and the errors are reported. After every update the module reports the outcome
/// and the effective configuration under the reported property <c>config</c>.
/// </summary>
internal sealed class TwinConfigurationHandler(
    EdgeNode node,
    EdgeNodeOptions configured,
    IReportedPropertiesWriter reported,
    ILogger<TwinConfigurationHandler> logger) : IModuleTwinHandler
{
    public const string ReportedProperty = "config";

    private JsonObject _desired = [];
    private long _desiredVersion = -1;
    private long _appliedVersion;

    public async Task OnDesiredPropertiesAsync(DesiredPropertiesUpdate update, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(update);
        if (update.IsComplete)
        {
            _desired = (JsonObject)update.Properties.DeepClone();
        }
        else if (update.Version <= _desiredVersion)
        {
            Log.DesiredPatchStale(logger, update.Version, _desiredVersion);
            return;
        }
        else
        {
            JsonMergePatch.Apply(_desired, update.Properties);
        }

        _desiredVersion = update.Version;
        var errors = TwinConfiguration.Apply(configured, _desired, out var effective);
        string status;
        if (errors.Count > 0)
        {
            status = "rejected";
            Log.DesiredConfigurationRejected(logger, update.Version, string.Join(" ", errors));
        }
        else
        {
            (status, errors) = await ApplyAsync(effective, update.Version, cancellationToken).ConfigureAwait(false);
        }

        await ReportAsync(status, errors, cancellationToken).ConfigureAwait(false);
    }

    private async Task<(string Status, IReadOnlyList<string> Errors)> ApplyAsync(EdgeNodeOptions effective, long version, CancellationToken cancellationToken)
    {
        var changed = !JsonNode.DeepEquals(TwinConfiguration.Describe(effective), TwinConfiguration.Describe(node.Options));
        try
        {
            if (changed)
            {
                await node.ReconfigureAsync(effective, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            Log.DesiredConfigurationFailed(logger, exception, version);
            return ("failed", [$"Applying the configuration failed: {exception.Message}"]);
        }

        _appliedVersion = version;
        Log.DesiredConfigurationApplied(logger, version, changed);
        return ("applied", []);
    }

    private async Task ReportAsync(string status, IReadOnlyList<string> errors, CancellationToken cancellationToken)
    {
        var patch = new JsonObject
        {
            [ReportedProperty] = new JsonObject
            {
                ["status"] = status,
                ["desiredVersion"] = _desiredVersion,
                ["appliedVersion"] = _appliedVersion,
                ["errors"] = errors.Count == 0 ? null : new JsonArray([.. errors.Select(e => (JsonNode?)JsonValue.Create(e))]),
                ["effective"] = TwinConfiguration.Describe(node.Options),
            },
        };
        try
        {
            await reported.UpdateReportedPropertiesAsync(patch, cancellationToken).ConfigureAwait(false);
        }
        catch (TransportUnavailableException exception)
        {
            // The full twin arrives again after the next connect, and with it a fresh report.
            Log.ConfigurationReportFailed(logger, exception, _desiredVersion);
        }
    }
}

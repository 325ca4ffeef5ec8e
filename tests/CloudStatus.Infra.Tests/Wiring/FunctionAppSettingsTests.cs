using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CloudStatus.Edge.Transport.IotHub.Sas;
using CloudStatus.Functions.Auth;
using CloudStatus.Functions.Commands;
using CloudStatus.Functions.Hosting;
using CloudStatus.Hosting.Telemetry;
using CloudStatus.Infra.Tests.Support;

namespace CloudStatus.Infra.Tests.Wiring;

/// <summary>
/// Every setting the Function App reads is defined, with identity-based connections only. Configuration keys are
/// built from the options' section names in the code (env-var form: ':' becomes '__'); the sub-keys below a
/// section and the trigger settings are the shared configuration contract (docs/adr/0011).
/// </summary>
[Collection(CompiledInfraCollection.Name)]
public sealed partial class FunctionAppSettingsTests(CompiledInfraFixture infra)
{
    /// <summary>The Event Hubs trigger's connection name and its settings (function.json of IngestStatus).</summary>
    private const string TriggerConnection = "IotHubEvents";

    /// <summary>The queue triggers' connection name (function.json of DispatchCommands and DispatchPoison).</summary>
    private const string DispatchConnection = "Dispatch";

    private static readonly string[] ContractPlaceholders = ["IngestEventHubName", "IngestConsumerGroup", "DispatchQueueName"];

    private IReadOnlyDictionary<string, ArmValue> Settings => infra.Main.AppSettings();

    private static string Env(string configurationKey) => configurationKey.Replace(":", "__", StringComparison.Ordinal);

    [Fact]
    public void Store_Settings_SelectCosmosWithEndpointAndDatabase()
    {
        var section = CentralStoreOptions.SectionName;
        var database = infra.Main.Single("Microsoft.DocumentDB/databaseAccounts/sqlDatabases");

        Assert.Equal("Cosmos", Settings[Env($"{section}:Kind")].Text);
        Assert.Equal("cosmos.endpoint", Settings[Env($"{section}:Cosmos:AccountEndpoint")].Origin);
        Assert.Equal("cloudstatus", Settings[Env($"{section}:Cosmos:Database")].Text);
        Assert.Equal("cloudstatus", database.Resolve(database.Properties!["resource"]!["id"]).Text);
        Assert.DoesNotContain(Env($"{section}:Cosmos:Key"), Settings.Keys);
    }

    [Fact]
    public void Commands_IotHubHostName_IsTheHubsHostName()
    {
        Assert.Equal("iotHub.hostName", Settings[Env($"{CommandOptions.SectionName}:IotHub:HostName")].Origin);
    }

    [Fact]
    public void Dispatch_AppAndTrigger_UseTheSameQueueByIdentity()
    {
        var section = DispatchOptions.SectionName;
        var queues = infra.Main.AllResources.Where(r => r.Type == "Microsoft.Storage/storageAccounts/queueServices/queues").Select(r => r.Json["name"]!.ToString()).ToList();

        Assert.Equal(nameof(DispatchQueueKind.StorageQueue), Settings[Env($"{section}:{nameof(DispatchOptions.Kind)}")].Text);
        Assert.Equal(Settings[$"{DispatchConnection}__queueServiceUri"].Origin, Settings[Env($"{section}:{nameof(DispatchOptions.QueueServiceUri)}")].Origin);
        Assert.Equal("storage.queueEndpoint", Settings[$"{DispatchConnection}__queueServiceUri"].Origin);
        Assert.Equal("managedidentity", Settings[$"{DispatchConnection}__credential"].Text);
        Assert.Equal("identities.centralClientId", Settings[$"{DispatchConnection}__clientId"].Origin);
        Assert.Equal(Settings["DispatchQueueName"], Settings[Env($"{section}:{nameof(DispatchOptions.QueueName)}")]);
        // The queue and the poison queue the host moves a message to (DispatchPoison reads it) both exist.
        Assert.Equal(2, queues.Count);
        Assert.Contains(queues, n => n.EndsWith("parameters('dispatchQueueName'))]", StringComparison.Ordinal));
        Assert.Contains(queues, n => n.Contains("format('{0}-poison', parameters('dispatchQueueName'))", StringComparison.Ordinal));
        Assert.DoesNotContain(Env($"{section}:{nameof(DispatchOptions.ConnectionString)}"), Settings.Keys);
    }

    [Fact]
    public void Auth_EntraSettings_AreDefined()
    {
        Assert.Equal("tenant().tenantId", Settings[Env($"{AuthOptions.SectionName}:Entra:TenantId")].Expression);
        var audience = Settings[Env($"{AuthOptions.SectionName}:Entra:Audience")];
        // The API app's client id once the azd hook made it (v2.0 tokens), else the Application ID URI.
        Assert.Contains("entraApiClientId", audience.Expression, StringComparison.Ordinal);
        Assert.Contains("variables('apiIdentifierUri')", audience.Expression, StringComparison.Ordinal);
        Assert.DoesNotContain(Env($"{AuthOptions.SectionName}:{nameof(AuthOptions.DevToken)}"), Settings.Keys);
    }

    [Fact]
    public void Auth_DashboardSignIn_TakesTheHooksAppRegistrationsAndTheApiScope()
    {
        var section = $"{AuthOptions.SectionName}:Entra";

        Assert.Equal("main.parameters.entraDashboardClientId", Settings[Env($"{section}:{nameof(EntraAuthOptions.ClientId)}")].Origin);
        Assert.Contains("/user_impersonation", Settings[Env($"{section}:{nameof(EntraAuthOptions.Scope)}")].Expression, StringComparison.Ordinal);
        var tenantClaim = Settings[Env($"{section}:{nameof(EntraAuthOptions.TenantClaim)}")].Expression;
        Assert.Contains("extn.csTenant", tenantClaim, StringComparison.Ordinal);
        Assert.Contains(CloudStatusClaims.Tenant, tenantClaim, StringComparison.Ordinal);
    }

    [Fact]
    public void Identity_ClientId_IsTheCentralIdentityEverywhere()
    {
        foreach (var name in new[] { "AZURE_CLIENT_ID", $"{TriggerConnection}__clientId", $"{DispatchConnection}__clientId", "AzureWebJobsStorage__clientId" })
        {
            Assert.Equal("identities.centralClientId", Settings[name].Origin);
        }

        Assert.Contains("ClientId={0};Authorization=AAD", Settings["APPLICATIONINSIGHTS_AUTHENTICATION_STRING"].Expression, StringComparison.Ordinal);
    }

    [Fact]
    public void Telemetry_SettingsTheCodeReads_ExportToApplicationInsightsWithTheCentralIdentity()
    {
        var insights = infra.Main.Single("Microsoft.Insights/components");
        var connection = Settings[TelemetrySettings.ApplicationInsightsConnectionString];
        var authentication = Settings[TelemetrySettings.ApplicationInsightsAuthenticationString];

        Assert.Contains("ConnectionString", connection.Expression, StringComparison.Ordinal);
        Assert.Contains("Microsoft.Insights/components", connection.Expression, StringComparison.Ordinal);
        Assert.Contains("Authorization=AAD", authentication.Expression, StringComparison.Ordinal);
        Assert.Contains("ClientId=", authentication.Expression, StringComparison.Ordinal);
        Assert.True(insights.Properties!["DisableLocalAuth"]!.GetValue<bool>());
        // In Azure the app exports to Application Insights only: no collector, no console.
        Assert.DoesNotContain(TelemetrySettings.OtlpEndpoint, Settings.Keys);
        Assert.DoesNotContain(Env(TelemetrySettings.ConsoleKey), Settings.Keys);
        Assert.DoesNotContain(Env(CentralServiceCollectionExtensions.ConsoleTelemetryKey), Settings.Keys);
    }

    [Fact]
    public void Trigger_Connection_IsIdentityBasedOnTheNamespace()
    {
        Assert.Equal("eventHubs.fullyQualifiedNamespace", Settings[$"{TriggerConnection}__fullyQualifiedNamespace"].Origin);
        Assert.Equal("managedidentity", Settings[$"{TriggerConnection}__credential"].Text);
        Assert.Equal("storage.storageAccountName", Settings["AzureWebJobsStorage__accountName"].Origin);
        Assert.Equal("managedidentity", Settings["AzureWebJobsStorage__credential"].Text);
    }

    [Fact]
    public void Trigger_HubAndConsumerGroup_AreTheOnesEventHubsCreates()
    {
        var consumerGroup = infra.Main.Single("Microsoft.EventHub/namespaces/eventhubs/consumergroups");

        Assert.Equal("cloudstatus-ingest", Settings["IngestEventHubName"].Text);
        Assert.Equal("ingest", Settings["IngestConsumerGroup"].Text);
        Assert.Equal("ingest", consumerGroup.Resolve(JsonValue.Create("[parameters('consumerGroupName')]")).Text);
    }

    [Fact]
    public void FunctionJson_PlaceholdersAndConnections_AreAllDefined()
    {
        var needed = new HashSet<string>(ContractPlaceholders, StringComparer.Ordinal) { $"{TriggerConnection}__fullyQualifiedNamespace" };
        foreach (var file in RepoPaths.SourceFiles(RepoPaths.Functions, "function.json"))
        {
            var text = File.ReadAllText(file);
            needed.UnionWith(Placeholder().Matches(text).Select(m => m.Groups["name"].Value));
            foreach (var binding in JsonNode.Parse(text)?["bindings"]?.AsArray() ?? [])
            {
                if (binding?["connection"]?.ToString() is { Length: > 0 } connection && !connection.Contains('%', StringComparison.Ordinal))
                {
                    // An identity-based connection names its service endpoint: the namespace for Event Hubs, the queue service for queues.
                    needed.Add(binding["type"]?.ToString() == "queueTrigger" ? $"{connection}__queueServiceUri" : $"{connection}__fullyQualifiedNamespace");
                }
            }
        }

        Assert.DoesNotContain(needed, name => !Settings.ContainsKey(name));
    }

    [Fact]
    public void Settings_Names_UseDoubleUnderscoreNeverColon()
    {
        Assert.DoesNotContain(Settings.Keys, name => name.Contains(':', StringComparison.Ordinal));
    }

    [Fact]
    public void Settings_NoKeyOrSecretOrConnectionStringWithAKey()
    {
        Assert.DoesNotContain(Settings.Keys, name => SecretName().IsMatch(name));
        Assert.DoesNotContain(Settings, s => s.Value.Expression is { } e && ListCall().IsMatch(e));
        Assert.DoesNotContain(Settings, s => s.Value.Text is { } t && SecretValue().IsMatch(t));

        // The only connection string is Application Insights', whose key grants nothing: local auth is off.
        Assert.Equal(["APPLICATIONINSIGHTS_CONNECTION_STRING"], Settings.Keys.Where(n => n.Contains("CONNECTION", StringComparison.OrdinalIgnoreCase)));
        var insights = infra.Main.Single("Microsoft.Insights/components");
        Assert.True(insights.Properties!["DisableLocalAuth"]!.GetValue<bool>());
    }

    [Fact]
    public void FlexConsumption_Runtime_IsCustomHandlerWithoutRetiredSettings()
    {
        var site = infra.Main.Single("Microsoft.Web/sites");
        var plan = infra.Main.Single("Microsoft.Web/serverfarms");
        var config = site.Properties!["functionAppConfig"]!;

        Assert.Equal("FC1", plan.Json["sku"]!["name"]!.ToString());
        Assert.Equal("custom", config["runtime"]!["name"]!.ToString());
        Assert.Equal("1.0", config["runtime"]!["version"]!.ToString());

        // Flex Consumption refuses these settings: the runtime lives in functionAppConfig instead.
        foreach (var retired in new[] { "FUNCTIONS_WORKER_RUNTIME", "FUNCTIONS_EXTENSION_VERSION", "WEBSITE_RUN_FROM_PACKAGE", "AzureWebJobsStorage", "WEBSITE_CONTENTAZUREFILECONNECTIONSTRING" })
        {
            Assert.DoesNotContain(retired, Settings.Keys);
        }
    }

    [Fact]
    public void FlexConsumption_DeploymentAndSiteIdentity_AreTheCentralIdentity()
    {
        var site = infra.Main.Single("Microsoft.Web/sites");
        var storage = site.Properties!["functionAppConfig"]!["deployment"]!["storage"]!;
        var account = infra.Main.Single("Microsoft.Storage/storageAccounts");

        Assert.Equal("UserAssignedIdentity", storage["authentication"]!["type"]!.ToString());
        Assert.Equal("identities.centralIdentityId", site.Resolve(storage["authentication"]!["userAssignedIdentityResourceId"]).Origin);
        Assert.Equal("UserAssigned", site.Json["identity"]!["type"]!.ToString());
        Assert.False(account.Properties!["allowSharedKeyAccess"]!.GetValue<bool>());
    }

    [Fact]
    public void AzdService_Tag_MatchesTheServiceInAzureYaml()
    {
        var yaml = File.ReadAllText(RepoPaths.InRoot("azure.yaml"));
        var site = infra.Main.Single("Microsoft.Web/sites");

        var service = AzureYamlService().Match(yaml);

        Assert.True(service.Success, "azure.yaml declares no service");
        Assert.Contains("host: function", yaml, StringComparison.Ordinal);
        Assert.Contains("project: ./functions/CloudStatus.Functions", yaml, StringComparison.Ordinal);
        Assert.Contains("createObject('azd-service-name', parameters('serviceName'))", site.Json["tags"]!.ToString(), StringComparison.Ordinal);
        Assert.Equal(service.Groups["name"].Value, site.Resolve(JsonValue.Create("[parameters('serviceName')]")).Text);
    }

    [GeneratedRegex(@"%(?<name>[A-Za-z0-9_]+)%")]
    private static partial Regex Placeholder();

    [GeneratedRegex("key|secret|password|sas|token", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();

    [GeneratedRegex(@"\blist\w*\(", RegexOptions.IgnoreCase)]
    private static partial Regex ListCall();

    [GeneratedRegex("AccountKey=|SharedAccessKey=|SharedAccessSignature|sig=", RegexOptions.IgnoreCase)]
    private static partial Regex SecretValue();

    [GeneratedRegex(@"^services:\s*\n\s+(?<name>[a-z0-9-]+):", RegexOptions.Multiline)]
    private static partial Regex AzureYamlService();
}

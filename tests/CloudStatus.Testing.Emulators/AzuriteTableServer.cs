namespace CloudStatus.Testing.Emulators;

/// <summary>Azurite's Table service (see <see cref="AzuriteServer"/>).</summary>
public sealed class AzuriteTableServer() : AzuriteServer("table", "successfully started")
{
    public Uri TableEndpoint => Endpoint;

    private protected override string EndpointKey => "TableEndpoint";
}

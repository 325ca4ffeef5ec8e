namespace CloudStatus.Testing.Emulators;

/// <summary>Azurite's Queue service (see <see cref="AzuriteServer"/>).</summary>
public sealed class AzuriteQueueServer() : AzuriteServer("queue", "successfully listens")
{
    public Uri QueueEndpoint => Endpoint;

    private protected override string EndpointKey => "QueueEndpoint";
}

using Azure.Storage.Queues;
using CloudStatus.Functions.Storage;
using CloudStatus.Functions.Storage.Queues;
using CloudStatus.Testing.Emulators;

namespace CloudStatus.Functions.Tests.Dispatch;

/// <summary>
/// The contract over an Azure Storage queue in Azurite, a queue of its own per test. Azurite keeps real time, so the
/// visibility timeout is the shortest a queue allows (1 s) and passing it is a real wait.
/// </summary>
public sealed class StorageQueueDispatchQueueTests(AzuriteQueueServer azurite) : DispatchQueueContractTests, IClassFixture<AzuriteQueueServer>
{
    private readonly string _name = "t-" + Guid.NewGuid().ToString("N")[..20];

    private protected override TimeSpan VisibilityTimeout => TimeSpan.FromSeconds(1);

    private protected override bool KeepsPoisonReason => false;

    private protected override async Task<IDispatchQueue> OpenAsync()
    {
        var queue = new StorageQueueDispatchQueue(
            new QueueServiceClient(azurite.ConnectionString, StorageQueueDispatchQueue.ClientOptions()), _name, new DispatchSignal());
        await queue.EnsureCreatedAsync();
        return queue;
    }

    private protected override Task PassVisibilityTimeoutAsync() => Task.Delay(VisibilityTimeout + TimeSpan.FromMilliseconds(300));
}

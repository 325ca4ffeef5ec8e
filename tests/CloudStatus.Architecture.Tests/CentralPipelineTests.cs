namespace CloudStatus.Architecture.Tests;

/// <summary>Central reads as ingest → views and sweep → API, over store ports; hosting composes them with an adapter.</summary>
public sealed class CentralPipelineTests
{
    private const string Central = "CloudStatus.Functions";

    [Fact]
    public void StorePorts_UseNoStageAndNoAdapter() =>
        DependencyDirection.MustNotUse($"{Central}.Storage", $"{Central}.Ingest", $"{Central}.Views", $"{Central}.Sweep", $"{Central}.Api", $"{Central}.Commands", $"{Central}.CustomHandler", $"{Central}.Hosting");

    [Fact]
    public void Ingest_DoesNotReachTheLaterStages() =>
        DependencyDirection.MustNotUse($"{Central}.Ingest", $"{Central}.Views", $"{Central}.Sweep", $"{Central}.Api", $"{Central}.CustomHandler", $"{Central}.Hosting", $"{Central}.Storage.Cosmos", $"{Central}.Storage.Sqlite");

    [Fact]
    public void ViewsAndSweep_DoNotReachTheApi() =>
        DependencyDirection.MustNotUse($"{Central}.Views", $"{Central}.Api", $"{Central}.CustomHandler", $"{Central}.Hosting", $"{Central}.Storage.Cosmos", $"{Central}.Storage.Sqlite");

    [Fact]
    public void Sweep_DoesNotReachTheApi() =>
        DependencyDirection.MustNotUse($"{Central}.Sweep", $"{Central}.Api", $"{Central}.CustomHandler", $"{Central}.Hosting", $"{Central}.Storage.Cosmos", $"{Central}.Storage.Sqlite");

    [Fact]
    public void Api_ServesFromPortsNotAdapters() =>
        DependencyDirection.MustNotUse($"{Central}.Api", $"{Central}.Ingest", $"{Central}.Sweep", $"{Central}.CustomHandler", $"{Central}.Hosting", $"{Central}.Storage.Cosmos", $"{Central}.Storage.Sqlite");
}

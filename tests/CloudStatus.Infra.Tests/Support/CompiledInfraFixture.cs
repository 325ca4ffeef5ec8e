namespace CloudStatus.Infra.Tests.Support;

/// <summary>infra/main.bicep compiled once (bicep build) for every wiring test of the collection.</summary>
public sealed class CompiledInfraFixture : IAsyncLifetime
{
    private readonly string _outputFolder = Path.Combine(Path.GetTempPath(), "cloudstatus-infra-" + Guid.NewGuid().ToString("N"));

    internal BicepResult Build { get; private set; } = null!;

    internal ArmTemplate Main { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_outputFolder);
        var output = Path.Combine(_outputFolder, "main.json");
        using var timeout = BicepCli.Timeout();
        Build = await BicepCli.RunAsync(["build", Path.Combine(RepoPaths.Infra, "main.bicep"), "--outfile", output], timeout.Token);
        if (Build.ExitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({Build.ExitCode}):\n{Build.StandardError}");
        }

        Main = ArmTemplate.Parse(await File.ReadAllTextAsync(output, timeout.Token));
    }

    public Task DisposeAsync()
    {
        Directory.Delete(_outputFolder, recursive: true);
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class CompiledInfraCollection : ICollectionFixture<CompiledInfraFixture>
{
    public const string Name = "compiled infra";
}

namespace CloudStatus.Architecture.Tests;

/// <summary>The edge reads as its pipeline: producers → intake → heap → uplink → transport; hosting composes them.</summary>
public sealed class EdgePipelineTests
{
    private const string Edge = "CloudStatus.Edge";

    [Fact]
    public void Heap_UsesNoLaterOrEarlierStage() =>
        DependencyDirection.MustNotUse($"{Edge}.Heap", $"{Edge}.Producers", $"{Edge}.Intake", $"{Edge}.Uplink", $"{Edge}.Transport", $"{Edge}.Commands", $"{Edge}.Twin", $"{Edge}.Hosting");

    [Fact]
    public void Intake_DoesNotReachTheUplinkOrTheTransport() =>
        DependencyDirection.MustNotUse($"{Edge}.Intake", $"{Edge}.Uplink", $"{Edge}.Transport", $"{Edge}.Commands", $"{Edge}.Twin", $"{Edge}.Hosting");

    [Fact]
    public void Uplink_ReadsTheHeapNotTheIntake() =>
        DependencyDirection.MustNotUse($"{Edge}.Uplink", $"{Edge}.Producers", $"{Edge}.Intake", $"{Edge}.Commands", $"{Edge}.Twin", $"{Edge}.Hosting");

    [Fact]
    public void Transport_KnowsNothingOfTheStatusPipeline() =>
        DependencyDirection.MustNotUse($"{Edge}.Transport", $"{Edge}.Producers", $"{Edge}.Intake", $"{Edge}.Heap", $"{Edge}.Uplink", $"{Edge}.Commands", $"{Edge}.Hosting");

    [Fact]
    public void Producers_OnlyFeedTheIntakePort() =>
        DependencyDirection.MustNotUse($"{Edge}.Producers", $"{Edge}.Intake", $"{Edge}.Heap", $"{Edge}.Uplink", $"{Edge}.Commands", $"{Edge}.Hosting");

    [Fact]
    public void Supervision_IsAProducerOfItsOwn() =>
        // The supervisor reaches its processes itself; the adapters route commands to it, never the other way.
        DependencyDirection.MustNotUse($"{Edge}.Producers.Supervision", $"{Edge}.Producers.Adapters", $"{Edge}.Configuration", $"{Edge}.Twin");

    [Fact]
    public void DirectionRule_OnAUseThatExists_Fails() =>
        // Guards the rules above against matching nothing: the composition does use the heap.
        Assert.False(DependencyDirection.Rule($"{Edge}.Hosting", $"{Edge}.Heap").HasNoViolations(ProductionCode.Architecture));

    [Fact]
    public void PipelineStages_AreFreeOfHostTypes() =>
        DependencyDirection.MustNotUseTypesFrom($"{Edge}.Intake", "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.DependencyInjection", "MQTTnet");
}

using CloudStatus.Core.Model;
using CloudStatus.Edge.Intake;

namespace CloudStatus.Edge.Tests.Intake;

/// <summary>
/// The event rules per producer kind, with the default options unless a test says otherwise: which changes are
/// written at once (an event between periods) and which are chatter held back to the periodic write.
/// </summary>
public sealed class EventRulesTests
{
    private static readonly EventRules Defaults = new(new EventRuleOptions());

    [Theory]
    [InlineData(ProducerKind.Switch, true, true, true)]
    [InlineData(ProducerKind.LocalService, true, true, true)]
    [InlineData(ProducerKind.Server, true, true, false)]
    [InlineData(ProducerKind.Fan, true, true, false)]
    [InlineData(ProducerKind.Trunk, true, true, false)]
    [InlineData(ProducerKind.Device, false, false, false)]
    [InlineData(ProducerKind.Port, false, false, false)]
    [InlineData("camera", false, false, false)]
    public void For_DefaultOptions_HealthAndFlappingAreEventsOnlyForInfrastructure(string kind, bool healthChange, bool flapping, bool mustKeepReporting)
    {
        Assert.Equal(
            new KindEventRules(Reboot: true, Add: true, Delete: true, healthChange, flapping, mustKeepReporting, IdentityChange: true),
            Defaults.For(kind));
    }

    [Theory]
    [InlineData(ProducerKind.Switch)]
    [InlineData(ProducerKind.LocalService)]
    [InlineData(ProducerKind.Server)]
    public void Classify_InfrastructureHealthChange_WrittenNow(string kind)
    {
        Assert.Equal(new IntakeVerdict(true, PendingReasons.HealthChange, true), Defaults.For(kind).Classify(IntakeChanges.Health));
    }

    [Theory]
    [InlineData(ProducerKind.Switch)]
    [InlineData(ProducerKind.Device)]
    public void Classify_MacOrIpChangeOfAKnownProducer_WrittenNowWithItsReason(string kind)
    {
        Assert.Equal(
            new IntakeVerdict(true, PendingReasons.IdentityChange, true),
            Defaults.For(kind).Classify(IntakeChanges.Record | IntakeChanges.Identity));
    }

    [Fact]
    public void Classify_AppearingWithItsAddresses_OnlyTheAppearance()
    {
        Assert.Equal(
            new IntakeVerdict(true, PendingReasons.Appeared, true),
            Defaults.For(ProducerKind.Device).Classify(IntakeChanges.Appeared | IntakeChanges.Record | IntakeChanges.Identity));
    }

    [Fact]
    public void Classify_DeviceHealthChange_HeldBackToThePeriod()
    {
        Assert.Equal(new IntakeVerdict(true, PendingReasons.None, false), Defaults.For(ProducerKind.Device).Classify(IntakeChanges.Health));
    }

    [Theory]
    [InlineData((int)IntakeChanges.FlappingStarted)]
    [InlineData((int)IntakeChanges.FlappingStopped)]
    public void Classify_DeviceFlapping_HeldBackToThePeriod(int flap)
    {
        Assert.Equal(new IntakeVerdict(true, PendingReasons.None, false), Defaults.For(ProducerKind.Device).Classify((IntakeChanges)flap));
    }

    [Theory]
    [InlineData(ProducerKind.Switch, (int)IntakeChanges.FlappingStarted)]
    [InlineData(ProducerKind.Server, (int)IntakeChanges.FlappingStopped)]
    [InlineData(ProducerKind.Trunk, (int)(IntakeChanges.FlappingStarted | IntakeChanges.Health))]
    public void Classify_InfrastructureFlapping_WrittenNow(string kind, int changes)
    {
        var verdict = Defaults.For(kind).Classify((IntakeChanges)changes);

        Assert.True(verdict.WriteNow);
        Assert.True((verdict.Reasons & PendingReasons.Flapping) != 0);
    }

    [Theory]
    [InlineData(ProducerKind.Switch)]
    [InlineData(ProducerKind.Device)]
    [InlineData(ProducerKind.LocalService)]
    [InlineData(ProducerKind.Server)]
    public void Classify_Reboot_WrittenNowWhateverTheKind(string kind)
    {
        Assert.Equal(new IntakeVerdict(true, PendingReasons.Reboot, true), Defaults.For(kind).Classify(IntakeChanges.Reboot | IntakeChanges.Record));
    }

    [Theory]
    [InlineData(ProducerKind.Switch)]
    [InlineData(ProducerKind.Device)]
    public void Classify_Appeared_WrittenNowAndItsFirstHealthIsNoHealthChange(string kind)
    {
        Assert.Equal(
            new IntakeVerdict(true, PendingReasons.Appeared, true),
            Defaults.For(kind).Classify(IntakeChanges.Appeared | IntakeChanges.Health));
    }

    [Theory]
    [InlineData(ProducerKind.Switch)]
    [InlineData(ProducerKind.Device)]
    [InlineData(ProducerKind.LocalService)]
    [InlineData(ProducerKind.Server)]
    public void Classify_StateOrPlaceChange_HeldBackToThePeriodWhateverTheKind(string kind)
    {
        Assert.Equal(new IntakeVerdict(true, PendingReasons.None, false), Defaults.For(kind).Classify(IntakeChanges.Record));
    }

    [Fact]
    public void Classify_ReportedHealthTheFilterHolds_NothingToWrite()
    {
        Assert.Equal(default, Defaults.For(ProducerKind.Switch).Classify(IntakeChanges.ReportedHealth));
        Assert.Equal(default, Defaults.For(ProducerKind.Switch).Classify(IntakeChanges.None));
    }

    [Fact]
    public void Classify_Resumed_WrittenNowThroughItsReasonOnly()
    {
        Assert.Equal(new IntakeVerdict(false, PendingReasons.Resumed, true), Defaults.For(ProducerKind.Switch).Classify(IntakeChanges.Resumed));
    }

    [Fact]
    public void Classify_PendingAddMatchedWithAddRuleOff_StillWrittenNow()
    {
        var rules = new EventRules(new EventRuleOptions { Add = false });

        Assert.Equal(
            new IntakeVerdict(true, PendingReasons.Added, true),
            rules.For(ProducerKind.Device).Classify(IntakeChanges.Appeared | IntakeChanges.Added));
        Assert.Equal(new IntakeVerdict(true, PendingReasons.None, false), rules.For(ProducerKind.Device).Classify(IntakeChanges.Appeared));
    }

    [Fact]
    public void Classify_Delete_WrittenNowOrWithDeleteRuleOffNotedForThePeriod()
    {
        Assert.Equal(new IntakeVerdict(true, PendingReasons.Delete, true), Defaults.For(ProducerKind.Switch).Classify(IntakeChanges.Delete));

        var off = new EventRules(new EventRuleOptions { Delete = false });
        Assert.Equal(new IntakeVerdict(true, PendingReasons.Delete, false), off.For(ProducerKind.Switch).Classify(IntakeChanges.Delete));
    }

    [Fact]
    public void Classify_RebootAndHealthRulesOff_HeldBackToThePeriod()
    {
        var rules = new EventRules(new EventRuleOptions { Reboot = false, HealthChange = false, Flapping = false });

        var verdict = rules.For(ProducerKind.Switch).Classify(IntakeChanges.Reboot | IntakeChanges.Health | IntakeChanges.FlappingStarted);

        Assert.Equal(new IntakeVerdict(true, PendingReasons.None, false), verdict);
    }

    [Fact]
    public void For_HealthChangeKindsSet_FlappingFollowsThemUnlessSetToo()
    {
        var follows = new EventRules(new EventRuleOptions { HealthChangeKinds = [ProducerKind.Device] });
        var own = new EventRules(new EventRuleOptions { HealthChangeKinds = [ProducerKind.Device], FlappingKinds = [ProducerKind.Port] });

        Assert.Equal((true, true), (follows.For(ProducerKind.Device).HealthChange, follows.For(ProducerKind.Device).Flapping));
        Assert.Equal((false, false), (follows.For(ProducerKind.Switch).HealthChange, follows.For(ProducerKind.Switch).Flapping));
        Assert.Equal((true, false), (own.For(ProducerKind.Device).HealthChange, own.For(ProducerKind.Device).Flapping));
        Assert.Equal((false, true), (own.For(ProducerKind.Port).HealthChange, own.For(ProducerKind.Port).Flapping));
    }

    [Fact]
    public void For_SilentKindsSet_OnlyThoseMustKeepReporting()
    {
        var rules = new EventRules(new EventRuleOptions { SilentKinds = [ProducerKind.Server] });

        Assert.True(rules.For(ProducerKind.Server).MustKeepReporting);
        Assert.False(rules.For(ProducerKind.Switch).MustKeepReporting);
        Assert.True(rules.For(ProducerKind.Switch).HealthChange);
    }
}

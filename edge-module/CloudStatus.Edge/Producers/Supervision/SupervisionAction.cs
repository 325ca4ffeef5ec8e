namespace CloudStatus.Edge.Producers.Supervision;

/// <summary>What a command asks of a supervised process.</summary>
public enum SupervisionAction
{
    Start,
    Stop,
    Restart,
}

namespace CloudStatus.Edge.Producers;

/// <summary>What a command asks of a supervised process (<see cref="IProducerControl.ControlProcessAsync"/>).</summary>
public enum ProcessAction
{
    Start,
    Stop,
    Restart,
}

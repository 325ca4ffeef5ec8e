namespace CloudStatus.Edge.Producers;

public enum ProducerControlResult
{
    /// <summary>The producer took the request.</summary>
    Accepted,

    /// <summary>No producer with that id is reachable.</summary>
    UnknownProducer,

    /// <summary>The producer exists but cannot do that (e.g. a device asked to reboot).</summary>
    NotSupported,
}

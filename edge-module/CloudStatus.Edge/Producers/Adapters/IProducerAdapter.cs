namespace CloudStatus.Edge.Producers.Adapters;

/// <summary>
/// One producer reached through its own protocol: a poll turns what the equipment says into observations (posted to
/// <see cref="IObservationIntake"/>), and the control actions reach the equipment. Control actions throw
/// <see cref="ProducerUnreachableException"/> when the equipment does not answer.
/// </summary>
internal interface IProducerAdapter : IAsyncDisposable
{
    string ProducerId { get; }

    /// <summary>Polls once and posts what it saw (or the failure, as health with a reason); never throws for equipment faults.</summary>
    Task PollAsync(CancellationToken cancellationToken);

    /// <summary>How long to wait before the next poll (shorter while a reboot is followed).</summary>
    TimeSpan NextPollDelay { get; }

    /// <summary>Completes when the adapter asks to be polled before <see cref="NextPollDelay"/> (after a control action).</summary>
    Task WaitForPollRequestAsync(CancellationToken cancellationToken);

    /// <summary>Asks for a poll before <see cref="NextPollDelay"/> (the producer announced itself, docs/adr/0175).</summary>
    void PollNow();

    /// <summary>False once the producer was removed: it is no longer polled.</summary>
    bool IsActive { get; }

    Task<ProducerControlResult> RebootAsync(CancellationToken cancellationToken);

    Task<ProducerControlResult> ApplyConfigAsync(string? config, CancellationToken cancellationToken);

    Task<ProducerControlResult> RemoveAsync(CancellationToken cancellationToken);

    /// <summary>Gives the equipment a new IP address (docs/adr/0110); adapters that cannot say so.</summary>
    Task<ProducerControlResult> ReaddressAsync(string ip, CancellationToken cancellationToken) => Task.FromResult(ProducerControlResult.NotSupported);

    /// <summary>
    /// The equipment's IP moved from <paramref name="previousIp"/> to <paramref name="ip"/> (docs/adr/0150): an adapter
    /// that reached it at the old IP reaches it at the new one from its next request. True when it did.
    /// </summary>
    bool Repoint(string previousIp, string ip) => false;
}

using CloudStatus.Edge.Producers;

namespace CloudStatus.Fleet;

/// <summary>One observation of the simulated fleet: which server's producer (by its stable slot) reported what.</summary>
public readonly record struct FleetObservation(int Server, int Producer, Observation Observation);

using CloudStatus.Core.Model;
using CloudStatus.Edge.Producers;

namespace CloudStatus.Bench.Fleet;

/// <summary>One observation of the simulated fleet: which server's producer reported what.</summary>
internal readonly record struct FleetObservation(int Server, int Producer, Observation Observation);

/// <summary>
/// The fleet in simulated seconds, deterministic by seed: <see cref="Step"/> yields, for one second, every observation
/// the producers make, in a fixed order (per server: switch events, then changes, then due reports). Each server draws
/// from its own random stream, so a server's observations do not depend on the fleet size.
/// </summary>
internal sealed class FleetModel
{
    private static readonly Health[] Healths = [Health.Online, Health.Degraded, Health.Offline];

    private readonly FleetSpec _spec;
    private readonly double _rebootChance;
    private readonly double _darkChance;

    public FleetModel(FleetSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var errors = spec.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid fleet: " + string.Join(" ", errors), nameof(spec));
        }

        _spec = spec;
        _rebootChance = spec.RebootsPerSwitchHour / 3600.0;
        _darkChance = spec.DarkPerSwitchHour / 3600.0;
        Servers = [.. Enumerable.Range(0, spec.Servers).Select(i => new SimServer(i, spec))];
    }

    public FleetSpec Spec => _spec;

    public IReadOnlyList<SimServer> Servers { get; }

    public FleetCounts Counts { get; } = new();

    /// <summary>Appends the observations of second <paramref name="second"/> (0 = every producer appears) to <paramref name="output"/>.</summary>
    public void Step(int second, List<FleetObservation> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        foreach (var server in Servers)
        {
            if (second == 0)
            {
                for (var i = 0; i < server.Producers.Length; i++)
                {
                    Emit(output, server, i, server.Producers[i].Observe());
                }

                continue;
            }

            StepSwitches(second, server, output);
            StepChanges(server, output);
            foreach (var i in server.ByPhase[second % _spec.ReportIntervalSeconds])
            {
                var producer = server.Producers[i];
                if (!server.IsCutOff(producer))
                {
                    Emit(output, server, i, producer.Observe());
                }
            }
        }
    }

    private void StepSwitches(int second, SimServer server, List<FleetObservation> output)
    {
        foreach (var sw in server.Switches)
        {
            var producer = server.Producers[sw.ProducerIndex];
            var rebootDraw = server.Random.NextDouble();
            var darkDraw = server.Random.NextDouble();
            if (sw.Silent)
            {
                if (second < sw.Until)
                {
                    continue;
                }

                if (sw.Rebooting)
                {
                    sw.Rebooting = false;
                    producer.Health = Health.Online;
                    producer.BootCount++;
                    producer.RenderState();
                    Emit(output, server, sw.ProducerIndex, producer.Observe(ObservationEvents.Reboot));
                }
                else
                {
                    sw.Dark = false;
                    Emit(output, server, sw.ProducerIndex, producer.Observe());
                }

                continue;
            }

            if (rebootDraw < _rebootChance)
            {
                sw.Rebooting = true;
                sw.Until = second + (int)_spec.RebootDuration.TotalSeconds;
                producer.Health = Health.Offline;
                Emit(output, server, sw.ProducerIndex, producer.Observe());
                Counts.Reboots++;
            }
            else if (darkDraw < _darkChance)
            {
                sw.Dark = true;
                sw.Until = second + (int)_spec.DarkDuration.TotalSeconds;
                Counts.DarkSwitches++;
            }
        }
    }

    private void StepChanges(SimServer server, List<FleetObservation> output)
    {
        if (server.Changeable.Length == 0)
        {
            return;
        }

        server.ChangeCarry += _spec.ChangeRate / 60.0 * server.Changeable.Length;
        var changes = (int)server.ChangeCarry;
        server.ChangeCarry -= changes;
        for (var c = 0; c < changes; c++)
        {
            var index = server.Changeable[server.Random.Next(server.Changeable.Length)];
            var producer = server.Producers[index];
            var flap = server.Random.NextDouble() < _spec.FlapShare;
            var bounces = 4 + server.Random.Next(4);
            var next = Healths[server.Random.Next(Healths.Length)];
            var load = server.Random.Next(0, 10);
            if (server.IsCutOff(producer))
            {
                Counts.LostChanges++;
                continue;
            }

            if (flap)
            {
                // Quick bounces the chatter filter should hold back.
                for (var b = 0; b < bounces; b++)
                {
                    producer.Health = producer.Health == Health.Online ? Health.Offline : Health.Online;
                    Emit(output, server, index, producer.Observe());
                }

                Counts.Flaps++;
                continue;
            }

            producer.Health = next == producer.Health ? Healths[(Array.IndexOf(Healths, next) + 1) % Healths.Length] : next;
            producer.Load = load;
            producer.RenderState();
            Emit(output, server, index, producer.Observe());
            Counts.Changes++;
        }
    }

    private void Emit(List<FleetObservation> output, SimServer server, int producer, Observation observation)
    {
        output.Add(new FleetObservation(server.Index, producer, observation));
        Counts.Observations++;
    }
}

/// <summary>What the fleet did so far.</summary>
internal sealed class FleetCounts
{
    public long Observations { get; set; }
    public long Changes { get; set; }
    public long Flaps { get; set; }
    public long Reboots { get; set; }
    public long DarkSwitches { get; set; }

    /// <summary>Changes drawn for a producer whose switch was down or dark (not observed).</summary>
    public long LostChanges { get; set; }

    public FleetCounts Snapshot() => (FleetCounts)MemberwiseClone();
}

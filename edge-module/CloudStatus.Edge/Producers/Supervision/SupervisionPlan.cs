using CloudStatus.Core.Model;

namespace CloudStatus.Edge.Producers.Supervision;

/// <summary>
/// A validated supervision section: the processes in start order (dependencies first, then lower priority, then id)
/// and, for each, the processes that depend on it directly or not. Pure: no process is touched.
/// </summary>
internal sealed class SupervisionPlan
{
    public const string Section = "supervision";

    /// <summary>The lowest monitoring frequency accepted: below it the checks themselves become the load.</summary>
    public static readonly TimeSpan MinFrequency = TimeSpan.FromMilliseconds(50);

    public static readonly TimeSpan MaxFrequency = TimeSpan.FromHours(1);

    public static readonly SupervisionPlan Empty = new(new SupervisionOptions(), []);

    private readonly Dictionary<string, int> _position;

    private SupervisionPlan(SupervisionOptions options, IReadOnlyList<string> order)
    {
        Options = options;
        Order = order;
        _position = order.Select((id, i) => (id, i)).ToDictionary(p => p.id, p => p.i, StringComparer.Ordinal);
    }

    public SupervisionOptions Options { get; }

    /// <summary>Process ids in start order; stop order is its reverse.</summary>
    public IReadOnlyList<string> Order { get; }

    public SupervisedProcessOptions this[string id] => Options.Processes[id];

    public int PositionOf(string id) => _position[id];

    /// <summary>Every process that depends on <paramref name="id"/> directly or through others, in start order.</summary>
    public IReadOnlyList<string> DependantsOf(string id)
    {
        var found = new HashSet<string>(StringComparer.Ordinal) { id };
        foreach (var candidate in Order.Skip(_position[id] + 1))
        {
            if (Options.Processes[candidate].DependsOn.Any(found.Contains))
            {
                found.Add(candidate);
            }
        }

        found.Remove(id);
        return [.. Order.Where(found.Contains)];
    }

    /// <summary>The plan of <paramref name="options"/>, or null with every problem as a sentence naming the setting.</summary>
    public static SupervisionPlan? Create(SupervisionOptions options, out IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        var list = new List<string>();
        errors = list;
        ValidateSettings(options, list);
        foreach (var (name, group) in options.Groups)
        {
            if (!IsLocalName(name))
            {
                list.Add($"{Section}.groups.{name}: a group name is 1–64 characters of [A-Za-z0-9_-].");
            }

            if (group is null || !ProducerId.IsValid(group.Tenant))
            {
                list.Add($"{Section}.groups.{name}.tenant must be a tenant id.");
            }
        }

        foreach (var (id, process) in options.Processes)
        {
            if (process is null)
            {
                list.Add($"{Section}.processes.{id}: must be an object.");
                continue;
            }

            ValidateProcess(options, id, process, list);
        }

        if (list.Count > 0)
        {
            return null;
        }

        var order = TopologicalOrder(options.Processes, out var cycle);
        if (order is null)
        {
            list.Add($"{Section}.processes: dependency cycle {string.Join(" → ", cycle)}.");
            return null;
        }

        return new SupervisionPlan(options, order);
    }

    private static void ValidateSettings(SupervisionOptions options, List<string> errors)
    {
        if (options.InitialBackoff <= TimeSpan.Zero || options.MaxBackoff < options.InitialBackoff)
        {
            errors.Add($"{Section}: initialBackoff must be positive and maxBackoff at least initialBackoff.");
        }

        if (options.CrashLoopLimit is < 1 or > 1000 || options.CrashLoopWindow <= TimeSpan.Zero)
        {
            errors.Add($"{Section}: crashLoopLimit must be 1–1000 and crashLoopWindow positive.");
        }

        if (options.StopTimeout <= TimeSpan.Zero)
        {
            errors.Add($"{Section}.stopTimeout must be positive.");
        }
    }

    private static void ValidateProcess(SupervisionOptions options, string id, SupervisedProcessOptions process, List<string> errors)
    {
        var path = $"{Section}.processes.{id}";
        if (!IsLocalName(id))
        {
            errors.Add($"{path}: a process id is 1–64 characters of [A-Za-z0-9_-].");
        }

        if (!options.Groups.ContainsKey(process.Group))
        {
            errors.Add($"{path}.group '{process.Group}' is not one of {Section}.groups.");
        }

        foreach (var dependency in process.DependsOn)
        {
            if (dependency == id)
            {
                errors.Add($"{path}.dependsOn: a process cannot depend on itself.");
            }
            else if (!options.Processes.ContainsKey(dependency))
            {
                errors.Add($"{path}.dependsOn: unknown process '{dependency}'.");
            }
        }

        if (process.Frequency < MinFrequency || process.Frequency > MaxFrequency)
        {
            errors.Add($"{path}.frequency must be {MinFrequency.TotalMilliseconds:0} ms – {MaxFrequency.TotalHours:0} h (was {process.Frequency}).");
        }

        if (process.Start.Count == 0 || string.IsNullOrWhiteSpace(process.Start[0]))
        {
            errors.Add($"{path}.start must name the program to run.");
        }

        if (process.StartTimeout <= TimeSpan.Zero || process.FailuresBeforeRestart < 1)
        {
            errors.Add($"{path}: startTimeout must be positive and failuresBeforeRestart at least 1.");
        }

        var probe = process.Probe ?? new ProcessProbeOptions();
        switch (probe.Kind)
        {
            case ProcessProbeKinds.Alive:
                break;
            case ProcessProbeKinds.Tcp when probe.Port is < 1 or > 65535:
                errors.Add($"{path}.probe.port must be 1–65535 for a tcp probe.");
                break;
            case ProcessProbeKinds.Http when probe.Url is null || !probe.Url.IsAbsoluteUri || (probe.Url.Scheme != Uri.UriSchemeHttp && probe.Url.Scheme != Uri.UriSchemeHttps):
                errors.Add($"{path}.probe.url must be an absolute http(s) URL for an http probe.");
                break;
            case ProcessProbeKinds.Tcp or ProcessProbeKinds.Http:
                break;
            default:
                errors.Add($"{path}.probe.kind '{probe.Kind}' is not one of alive, tcp, http.");
                break;
        }

        if (probe.Timeout <= TimeSpan.Zero || probe.Timeout > process.Frequency)
        {
            errors.Add($"{path}.probe.timeout must be positive and at most the frequency.");
        }
    }

    /// <summary>Kahn's algorithm taking, among the processes whose dependencies are placed, the lowest priority then id.</summary>
    private static List<string>? TopologicalOrder(Dictionary<string, SupervisedProcessOptions> processes, out IReadOnlyList<string> cycle)
    {
        var remaining = processes.ToDictionary(p => p.Key, p => p.Value.DependsOn.Distinct(StringComparer.Ordinal).Count(), StringComparer.Ordinal);
        var ready = new PriorityQueue<string, (int, string)>(Comparer<(int Priority, string Id)>.Create(
            (a, b) => a.Priority != b.Priority ? a.Priority.CompareTo(b.Priority) : string.CompareOrdinal(a.Id, b.Id)));
        foreach (var (id, count) in remaining.Where(r => r.Value == 0))
        {
            ready.Enqueue(id, (processes[id].Priority, id));
        }

        var order = new List<string>(processes.Count);
        while (ready.TryDequeue(out var id, out _))
        {
            order.Add(id);
            foreach (var (other, process) in processes)
            {
                if (process.DependsOn.Contains(id, StringComparer.Ordinal) && --remaining[other] == 0)
                {
                    ready.Enqueue(other, (process.Priority, other));
                }
            }
        }

        cycle = order.Count == processes.Count ? [] : FindCycle(processes, [.. processes.Keys.Except(order)]);
        return order.Count == processes.Count ? order : null;
    }

    /// <summary>One cycle among <paramref name="stuck"/> (each of which has a dependency in the set), closed: a → b → a.</summary>
    private static List<string> FindCycle(Dictionary<string, SupervisedProcessOptions> processes, HashSet<string> stuck)
    {
        var path = new List<string>();
        var current = stuck.Order(StringComparer.Ordinal).First();
        while (!path.Contains(current))
        {
            path.Add(current);
            current = processes[current].DependsOn.Where(stuck.Contains).Order(StringComparer.Ordinal).First();
        }

        return [.. path.Skip(path.IndexOf(current)), current];
    }

    private static bool IsLocalName(string name) =>
        name.Length is >= 1 and <= 64 && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
}

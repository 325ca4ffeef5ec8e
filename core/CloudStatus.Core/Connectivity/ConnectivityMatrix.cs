using CloudStatus.Core.Wire;

namespace CloudStatus.Core.Connectivity;

/// <summary>
/// C3: the switch-to-switch reachability matrix of one server or of a whole site (switches of several servers), expanded from the optimized E6 entries.
/// The universe is every known switch plus every switch id that appears in an entry (as subject or in its list);
/// a switch with no entry has unknown reachability to everyone.
/// </summary>
public sealed class ConnectivityMatrix
{
    private const byte Unknown = 0;
    private const byte No = 1;
    private const byte Yes = 2;

    private readonly Dictionary<string, int> _index;
    private readonly byte[] _cells;
    private readonly string[] _switches;
    private string[]? _rows;

    private ConnectivityMatrix(string[] switches, Dictionary<string, int> index, byte[] cells)
    {
        _switches = switches;
        _index = index;
        _cells = cells;
        var reachable = 0;
        var unreachable = 0;
        for (var from = 0; from < switches.Length; from++)
        {
            for (var to = 0; to < switches.Length; to++)
            {
                if (from == to)
                {
                    continue;
                }

                var cell = cells[(from * switches.Length) + to];
                reachable += cell == Yes ? 1 : 0;
                unreachable += cell == No ? 1 : 0;
            }
        }

        ReachablePairs = reachable;
        UnreachablePairs = unreachable;
    }

    /// <summary>Every switch of the matrix, sorted ordinally; row and column order.</summary>
    public IReadOnlyList<string> Switches => _switches;

    /// <summary>Ordered pairs (from ≠ to) known to be reachable.</summary>
    public int ReachablePairs { get; }

    /// <summary>Ordered pairs (from ≠ to) known to be unreachable.</summary>
    public int UnreachablePairs { get; }

    /// <summary>
    /// One string per switch (in <see cref="Switches"/> order), one character per column: '1' reachable,
    /// '0' not reachable, '?' unknown (the row's switch sent no entry), '-' the diagonal.
    /// </summary>
    public IReadOnlyList<string> Rows => _rows ??= BuildRows();

    /// <summary>
    /// Builds the matrix. When several entries name the same switch the last one wins. In disconnected mode
    /// every switch of the universe not listed is reachable; in connected mode only the listed ones are.
    /// </summary>
    public static ConnectivityMatrix Build(IEnumerable<ConnectivityEntry> entries, IEnumerable<string>? knownSwitches = null)
    {
        ArgumentNullException.ThrowIfNull(entries);

        var materialized = entries as IReadOnlyCollection<ConnectivityEntry> ?? [.. entries];
        var universe = new HashSet<string>(StringComparer.Ordinal);
        if (knownSwitches is not null)
        {
            universe.UnionWith(knownSwitches);
        }

        foreach (var entry in materialized)
        {
            universe.Add(entry.SwitchId);
            universe.UnionWith(entry.Switches);
        }

        return Over(materialized, universe);
    }

    /// <summary>
    /// Builds the matrix over exactly <paramref name="switches"/>: entries of other switches and listed ids outside
    /// it are ignored. A site's matrix is built this way over the site's live switches, so an entry that names a
    /// switch of another site, or one deleted since, adds no row or column.
    /// </summary>
    public static ConnectivityMatrix BuildOver(IEnumerable<ConnectivityEntry> entries, IEnumerable<string> switches)
    {
        ArgumentNullException.ThrowIfNull(entries);
        ArgumentNullException.ThrowIfNull(switches);
        return Over(entries, new HashSet<string>(switches, StringComparer.Ordinal));
    }

    private static ConnectivityMatrix Over(IEnumerable<ConnectivityEntry> entries, HashSet<string> universe)
    {
        var switches = universe.ToArray();
        Array.Sort(switches, StringComparer.Ordinal);
        var index = new Dictionary<string, int>(switches.Length, StringComparer.Ordinal);
        for (var i = 0; i < switches.Length; i++)
        {
            index[switches[i]] = i;
        }

        var latest = new Dictionary<string, ConnectivityEntry>(StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (index.ContainsKey(entry.SwitchId))
            {
                latest[entry.SwitchId] = entry;
            }
        }

        var n = switches.Length;
        var cells = new byte[n * n];
        foreach (var (switchId, entry) in latest)
        {
            var row = index[switchId] * n;
            var listed = entry.Mode == ConnectivityMode.Connected ? Yes : No;
            var rest = entry.Mode == ConnectivityMode.Connected ? No : Yes;
            cells.AsSpan(row, n).Fill(rest);
            foreach (var id in entry.Switches)
            {
                if (index.TryGetValue(id, out var column))
                {
                    cells[row + column] = listed;
                }
            }

            cells[row + index[switchId]] = Unknown;
        }

        return new ConnectivityMatrix(switches, index, cells);
    }

    /// <summary>
    /// True or false when <paramref name="from"/>'s entry says so; null when <paramref name="from"/> sent no
    /// entry, when either switch is not in the matrix, or for the diagonal (from == to is not a pair).
    /// </summary>
    public bool? IsReachable(string from, string to)
    {
        if (!_index.TryGetValue(from, out var f) || !_index.TryGetValue(to, out var t) || f == t)
        {
            return null;
        }

        return _cells[(f * _switches.Length) + t] switch
        {
            Yes => true,
            No => false,
            _ => null,
        };
    }

    private string[] BuildRows()
    {
        var n = _switches.Length;
        var rows = new string[n];
        for (var from = 0; from < n; from++)
        {
            rows[from] = string.Create(n, (Cells: _cells, Row: from), static (span, state) =>
            {
                var offset = state.Row * span.Length;
                for (var to = 0; to < span.Length; to++)
                {
                    span[to] = to == state.Row
                        ? '-'
                        : state.Cells[offset + to] switch
                        {
                            Yes => '1',
                            No => '0',
                            _ => '?',
                        };
                }
            });
        }

        return rows;
    }
}

namespace CloudStatus.Edge.Heap;

/// <summary>
/// Producer kinds as 16-bit codes, so a slot keeps two bytes instead of a reference (docs/adr/0165). Kinds are a small
/// vocabulary (switch, device, trunk, …) shared by every server of the process, so the table is too; code 0 is no kind.
/// Reads take no lock; a new kind is added under one.
/// </summary>
internal static class KindCodes
{
    private static readonly Lock Gate = new();
    private static readonly Dictionary<string, ushort> Codes = new(StringComparer.Ordinal);
    private static volatile string?[] _names = [null];

    public static ushort CodeOf(string? kind)
    {
        if (kind is null)
        {
            return 0;
        }

        lock (Gate)
        {
            if (Codes.TryGetValue(kind, out var code))
            {
                return code;
            }

            if (_names.Length > ushort.MaxValue)
            {
                throw new InvalidOperationException($"More than {ushort.MaxValue} producer kinds.");
            }

            code = (ushort)_names.Length;
            Codes.Add(kind, code);
            _names = [.. _names, kind];
            return code;
        }
    }

    public static string? NameOf(ushort code) => _names[code];
}

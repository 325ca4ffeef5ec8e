using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;

namespace CloudStatus.Core.Wire;

/// <summary>
/// The state delta of a record (<see cref="StatusRecord.StatePatch"/>): the top-level members of the new state whose
/// values changed, as a JSON object, for a state whose members are the base state's, in the base's order. Applying it
/// replaces those members' values in the base text, so the result is the edge's state text byte for byte.
/// </summary>
public static class StatePatch
{
    /// <summary>
    /// The patch that turns <paramref name="baseState"/> into <paramref name="state"/>, or null when it cannot say that
    /// (members added, removed or reordered, not objects) or would not be shorter than the state itself.
    /// </summary>
    public static string? Diff(string baseState, string state)
    {
        ArgumentNullException.ThrowIfNull(baseState);
        ArgumentNullException.ThrowIfNull(state);
        var oldBytes = Encoding.UTF8.GetBytes(baseState);
        var newBytes = Encoding.UTF8.GetBytes(state);
        if (!TryReadMembers(oldBytes, out var oldMembers) || !TryReadMembers(newBytes, out var newMembers)
            || oldMembers.Count != newMembers.Count)
        {
            return null;
        }

        var patch = new StringBuilder(state.Length);
        for (var i = 0; i < newMembers.Count; i++)
        {
            var (oldName, oldMember) = oldMembers[i];
            var (newName, newMember) = newMembers[i];
            if (!string.Equals(oldName, newName, StringComparison.Ordinal))
            {
                return null;
            }

            if (oldBytes.AsSpan(oldMember.ValueStart, oldMember.ValueEnd - oldMember.ValueStart)
                .SequenceEqual(newBytes.AsSpan(newMember.ValueStart, newMember.ValueEnd - newMember.ValueStart)))
            {
                continue;
            }

            patch.Append(patch.Length == 0 ? '{' : ',');
            patch.Append(Encoding.UTF8.GetString(newBytes, newMember.NameStart, newMember.ValueEnd - newMember.NameStart));
        }

        if (patch.Length == 0)
        {
            patch.Append('{');
        }

        patch.Append('}');
        if (patch.Length >= state.Length)
        {
            return null;
        }

        // The text between values (whitespace, the names' spelling) must be the base's too, or the result would differ.
        var text = patch.ToString();
        return TryApply(baseState, text, out var applied) && string.Equals(applied, state, StringComparison.Ordinal) ? text : null;
    }

    /// <summary>
    /// Applies <paramref name="patch"/> to <paramref name="baseState"/>; false when either is not an object or the
    /// patch names a member the base does not have (or names one twice): the base is not the one the patch was made on.
    /// </summary>
    public static bool TryApply(string baseState, string patch, [NotNullWhen(true)] out string? state)
    {
        ArgumentNullException.ThrowIfNull(baseState);
        ArgumentNullException.ThrowIfNull(patch);
        state = null;
        var baseBytes = Encoding.UTF8.GetBytes(baseState);
        var patchBytes = Encoding.UTF8.GetBytes(patch);
        if (!TryReadMembers(baseBytes, out var baseMembers) || !TryReadMembers(patchBytes, out var patchMembers))
        {
            return false;
        }

        var replacements = new Member?[baseMembers.Count];
        foreach (var (name, member) in patchMembers)
        {
            var index = baseMembers.FindIndex(m => string.Equals(m.Name, name, StringComparison.Ordinal));
            if (index < 0 || replacements[index] is not null)
            {
                return false;
            }

            replacements[index] = member;
        }

        var result = new StringBuilder(baseState.Length + patch.Length);
        var copied = 0;
        for (var i = 0; i < baseMembers.Count; i++)
        {
            if (replacements[i] is not { } replacement)
            {
                continue;
            }

            var target = baseMembers[i].Member;
            result.Append(Encoding.UTF8.GetString(baseBytes, copied, target.ValueStart - copied));
            result.Append(Encoding.UTF8.GetString(patchBytes, replacement.ValueStart, replacement.ValueEnd - replacement.ValueStart));
            copied = target.ValueEnd;
        }

        result.Append(Encoding.UTF8.GetString(baseBytes, copied, baseBytes.Length - copied));
        state = result.ToString();
        return true;
    }

    /// <summary>The top-level members of a JSON object with the byte offsets of each name and value; false if not an object.</summary>
    private static bool TryReadMembers(byte[] json, [NotNullWhen(true)] out List<(string Name, Member Member)>? members)
    {
        members = null;
        var list = new List<(string, Member)>();
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var nameStart = (int)reader.TokenStartIndex;
                var name = reader.GetString()!;
                reader.Read();
                var valueStart = (int)reader.TokenStartIndex;
                reader.Skip();
                list.Add((name, new Member(nameStart, valueStart, (int)reader.BytesConsumed)));
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                return false;
            }
        }
        catch (JsonException)
        {
            return false;
        }

        members = list;
        return true;
    }

    private readonly record struct Member(int NameStart, int ValueStart, int ValueEnd);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using CloudStatus.Core.Model;

namespace CloudStatus.Core.Wire;

/// <summary>
/// Reads a batch's <c>records</c> array member by member into <see cref="StatusRecord"/>s, for
/// <see cref="BatchCodec.Decode(ReadOnlySpan{byte}, string?)"/> only. The generated reader treats a record's init-only
/// members as constructor arguments and boxes each value into an argument array, about 230 B per record on central's
/// hot path; this one builds each record with one initializer. Same contract: camelCase names, unknown members
/// skipped, the same converters for health, timestamps and raw objects, <c>producerId</c> and <c>seq</c> required
/// (a test holds it to the generated reader for every member). Writing stays with the generated metadata.
/// </summary>
internal sealed class StatusRecordsReader : JsonConverter<IReadOnlyList<StatusRecord>>
{
    private static readonly RawJsonObjectConverter Raw = new();

    private static readonly string[] Kinds =
    [
        ProducerKind.Device, ProducerKind.Trunk, ProducerKind.Fan, ProducerKind.Switch, ProducerKind.Port,
        ProducerKind.Server, ProducerKind.LocalService, ProducerKind.Process,
    ];

    public override IReadOnlyList<StatusRecord>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException($"Expected the records array, found {reader.TokenType}.");
        }

        var records = new List<StatusRecord>();
        string? lastParent = null;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            StatusRecord? record = reader.TokenType == JsonTokenType.Null ? null! : ReadRecord(ref reader, lastParent);
            lastParent = record?.ParentId ?? lastParent;
            records.Add(record!);
        }

        return records;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<StatusRecord> value, JsonSerializerOptions options) =>
        throw new NotSupportedException("Records are written by the generated metadata (WireContract.StatusBatch).");

    /// <summary>One record; its kind and parent are shared strings when they are a known kind or <paramref name="lastParent"/> (siblings come together).</summary>
    private static StatusRecord ReadRecord(ref Utf8JsonReader reader, string? lastParent)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException($"Expected a record object, found {reader.TokenType}.");
        }

        // An absent kind is null, not the property's initial empty string: the generated reader leaves it so.
        string? producerId = null, kind = null, parentId = null, state = null, config = null, recordEvent = null, mac = null, statePatch = null, ip = null;
        long? seq = null, recordBase = null, ageTicks = null;
        DateTimeOffset localTimestamp = default;
        var health = Health.Unknown;
        bool hasProducerId = false, deleted = false, silent = false, flapping = false;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader;
            reader.Read();
            if (name.ValueTextEquals("producerId"u8))
            {
                producerId = reader.GetString();
                hasProducerId = true;
            }
            else if (name.ValueTextEquals("seq"u8))
            {
                seq = reader.GetInt64();
            }
            else if (name.ValueTextEquals("kind"u8))
            {
                kind = Shared(ref reader, Kinds);
            }
            else if (name.ValueTextEquals("parentId"u8))
            {
                parentId = lastParent is not null && reader.TokenType == JsonTokenType.String && reader.ValueTextEquals(lastParent) ? lastParent : reader.GetString();
            }
            else if (name.ValueTextEquals("health"u8))
            {
                health = JsonSerializer.Deserialize(ref reader, StatusBatchJsonContext.Default.Health);
            }
            else if (name.ValueTextEquals("state"u8))
            {
                state = Raw.Read(ref reader, typeof(string), StatusBatchJsonContext.Default.Options);
            }
            else if (name.ValueTextEquals("localTimestamp"u8))
            {
                localTimestamp = reader.GetDateTimeOffset();
            }
            else if (name.ValueTextEquals("ageTicks"u8))
            {
                ageTicks = NullableInt64(ref reader);
            }
            else if (name.ValueTextEquals("base"u8))
            {
                recordBase = NullableInt64(ref reader);
            }
            else if (name.ValueTextEquals("statePatch"u8))
            {
                statePatch = Raw.Read(ref reader, typeof(string), StatusBatchJsonContext.Default.Options);
            }
            else if (name.ValueTextEquals("config"u8))
            {
                config = Raw.Read(ref reader, typeof(string), StatusBatchJsonContext.Default.Options);
            }
            else if (name.ValueTextEquals("deleted"u8))
            {
                deleted = reader.GetBoolean();
            }
            else if (name.ValueTextEquals("silent"u8))
            {
                silent = reader.GetBoolean();
            }
            else if (name.ValueTextEquals("flapping"u8))
            {
                flapping = reader.GetBoolean();
            }
            else if (name.ValueTextEquals("event"u8))
            {
                recordEvent = reader.GetString();
            }
            else if (name.ValueTextEquals("mac"u8))
            {
                mac = reader.GetString();
            }
            else if (name.ValueTextEquals("ip"u8))
            {
                ip = reader.GetString();
            }
            else
            {
                reader.Skip();
            }
        }

        if (!hasProducerId || seq is null)
        {
            throw new JsonException($"A record is missing its required '{(hasProducerId ? "seq" : "producerId")}'.");
        }

        return new StatusRecord
        {
            ProducerId = producerId!,
            Kind = kind!,
            ParentId = parentId,
            Seq = seq.Value,
            LocalTimestamp = localTimestamp,
            Health = health,
            State = state,
            Config = config,
            Deleted = deleted,
            Silent = silent,
            Event = recordEvent,
            Flapping = flapping,
            Mac = mac,
            Base = recordBase,
            StatePatch = statePatch,
            AgeTicks = ageTicks,
            Ip = ip,
        };
    }

    private static string? Shared(ref Utf8JsonReader reader, string[] known)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            foreach (var candidate in known)
            {
                if (reader.ValueTextEquals(candidate))
                {
                    return candidate;
                }
            }
        }

        return reader.GetString();
    }

    private static long? NullableInt64(ref Utf8JsonReader reader) => reader.TokenType == JsonTokenType.Null ? null : reader.GetInt64();
}

using System.Buffers;
using System.Text;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// The one slot number per producer that the observation buffer and the status heap share (docs/adr/0165): each keeps
/// its part of the producer in its own <see cref="PagedArray{T}"/> at that number. Ids are kept once, as UTF-8 in
/// append-only pages, behind an open hash table of slot numbers; a slot lives while one of its holders holds it and is
/// then reused. Thread-safe (its own lock, taken inside the buffer's or the heap's).
/// </summary>
internal sealed class ProducerIndex
{
    private const int ChunkBits = 16;
    private const int ChunkSize = 1 << ChunkBits;
    private const int StackLimit = 512;
    private static readonly UTF8Encoding Utf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    private readonly Lock _gate = new();
    private readonly PagedArray<Entry> _entries = new();
    private readonly List<byte[]> _chunks = [];
    private int[] _buckets = new int[64];
    private int _used;
    private int _free = -1;
    private int _live;
    private int _chunkUsed = ChunkSize;
    private long _garbageBytes;

    /// <summary>Who holds a slot; a slot nobody holds is released.</summary>
    [Flags]
    public enum Holder : byte
    {
        None = 0,
        Buffer = 1,
        HeapRecord = 2,
        HeapParent = 4,
    }

    /// <summary>Producers with a slot.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _live;
            }
        }
    }

    /// <summary>The slot of <paramref name="producerId"/>, or -1 when it has none.</summary>
    public int Find(string producerId)
    {
        ArgumentNullException.ThrowIfNull(producerId);
        lock (_gate)
        {
            return WithUtf8(producerId, this, static (bytes, self) => self.FindLocked(bytes, Hash(bytes)));
        }
    }

    /// <summary>The slot of <paramref name="producerId"/>, made if needed, held by <paramref name="holder"/>.</summary>
    public int Acquire(string producerId, Holder holder)
    {
        ArgumentNullException.ThrowIfNull(producerId);
        lock (_gate)
        {
            return WithUtf8(producerId, (Self: this, Holder: holder), static (bytes, s) => s.Self.FindOrAddLocked(bytes, s.Holder));
        }
    }

    /// <summary>Adds <paramref name="holder"/> to a slot already held by another.</summary>
    public void Hold(int slot, Holder holder)
    {
        lock (_gate)
        {
            _entries[slot].Holders |= holder;
        }
    }

    /// <summary>Drops <paramref name="holder"/>; the slot is released (and later reused) when nobody holds it any more.</summary>
    public void Release(int slot, Holder holder)
    {
        lock (_gate)
        {
            ref var entry = ref _entries[slot];
            if (entry.Holders == Holder.None || (entry.Holders &= ~holder) != Holder.None)
            {
                return;
            }

            Unlink(slot, ref entry);
            _garbageBytes += entry.Length;
            entry = new Entry { Next = _free };
            _free = slot;
            _live--;
        }
    }

    /// <summary>The id of a live slot, as a new string.</summary>
    public string IdOf(int slot)
    {
        lock (_gate)
        {
            var entry = _entries[slot];
            return Utf8.GetString(_chunks[entry.Offset >> ChunkBits], entry.Offset & (ChunkSize - 1), entry.Length);
        }
    }

    /// <summary>Whether slot <paramref name="slot"/> holds <paramref name="producerId"/> (no allocation).</summary>
    public bool IsId(int slot, string producerId)
    {
        lock (_gate)
        {
            return WithUtf8(producerId, (Self: this, Slot: slot), static (bytes, s) => s.Self.IdBytes(s.Slot).SequenceEqual(bytes));
        }
    }

    private static int Hash(ReadOnlySpan<byte> bytes)
    {
        var hash = default(HashCode);
        hash.AddBytes(bytes);
        return hash.ToHashCode() & int.MaxValue;
    }

    private static TResult WithUtf8<TState, TResult>(string text, TState state, Utf8Func<TState, TResult> func)
    {
        var max = Utf8.GetMaxByteCount(text.Length);
        byte[]? rented = null;
        Span<byte> buffer = max <= StackLimit ? stackalloc byte[StackLimit] : (rented = ArrayPool<byte>.Shared.Rent(max));
        try
        {
            return func(buffer[..Utf8.GetBytes(text, buffer)], state);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }

    private ReadOnlySpan<byte> IdBytes(int slot)
    {
        var entry = _entries[slot];
        return _chunks[entry.Offset >> ChunkBits].AsSpan(entry.Offset & (ChunkSize - 1), entry.Length);
    }

    private int FindLocked(ReadOnlySpan<byte> id, int hash)
    {
        for (var slot = _buckets[hash & (_buckets.Length - 1)] - 1; slot >= 0; slot = _entries[slot].Next)
        {
            if (IdBytes(slot).SequenceEqual(id))
            {
                return slot;
            }
        }

        return -1;
    }

    private int FindOrAddLocked(ReadOnlySpan<byte> id, Holder holder)
    {
        var hash = Hash(id);
        var found = FindLocked(id, hash);
        if (found >= 0)
        {
            _entries[found].Holders |= holder;
            return found;
        }

        int slot;
        if (_free >= 0)
        {
            slot = _free;
            _free = _entries[slot].Next;
        }
        else
        {
            slot = _used++;
        }

        ref var entry = ref _entries[slot];
        entry = new Entry { Offset = Store(id), Length = (ushort)id.Length, Holders = holder };
        ref var bucket = ref _buckets[hash & (_buckets.Length - 1)];
        entry.Next = bucket - 1;
        bucket = slot + 1;
        if (++_live > _buckets.Length)
        {
            Rehash(_buckets.Length * 2);
        }

        return slot;
    }

    private void Unlink(int slot, ref Entry entry)
    {
        ref var link = ref _buckets[Hash(IdBytes(slot)) & (_buckets.Length - 1)];
        if (link - 1 == slot)
        {
            link = entry.Next + 1;
            return;
        }

        for (var at = link - 1; at >= 0; at = _entries[at].Next)
        {
            ref var previous = ref _entries[at];
            if (previous.Next == slot)
            {
                previous.Next = entry.Next;
                return;
            }
        }
    }

    private void Rehash(int size)
    {
        _buckets = new int[size];
        for (var slot = 0; slot < _used; slot++)
        {
            ref var entry = ref _entries[slot];
            if (entry.Holders == Holder.None)
            {
                continue;
            }

            ref var bucket = ref _buckets[Hash(IdBytes(slot)) & (size - 1)];
            entry.Next = bucket - 1;
            bucket = slot + 1;
        }
    }

    /// <summary>Appends id bytes; when the released ids outweigh the live ones, copies the live ids to fresh chunks first.</summary>
    private int Store(ReadOnlySpan<byte> id)
    {
        if (_garbageBytes > ChunkSize && _garbageBytes > _chunks.Count * (long)ChunkSize / 2)
        {
            Compact();
        }

        if (id.Length >= ChunkSize)
        {
            throw new ArgumentException($"A producer id of {id.Length} UTF-8 bytes is longer than the index keeps.", nameof(id));
        }

        if (_chunkUsed + id.Length >= ChunkSize)
        {
            _chunks.Add(new byte[ChunkSize]);
            _chunkUsed = 0;
        }

        var offset = ((_chunks.Count - 1) << ChunkBits) | _chunkUsed;
        id.CopyTo(_chunks[^1].AsSpan(_chunkUsed));
        _chunkUsed += id.Length;
        return offset;
    }

    private void Compact()
    {
        var old = _chunks.ToArray();
        _chunks.Clear();
        _chunkUsed = ChunkSize;
        _garbageBytes = 0;
        for (var slot = 0; slot < _used; slot++)
        {
            ref var entry = ref _entries[slot];
            if (entry.Holders != Holder.None)
            {
                entry.Offset = Store(old[entry.Offset >> ChunkBits].AsSpan(entry.Offset & (ChunkSize - 1), entry.Length));
            }
        }
    }

    private delegate TResult Utf8Func<in TState, out TResult>(ReadOnlySpan<byte> bytes, TState state);

    // 12 bytes: where the id's bytes are, the next slot in its bucket's chain, who holds it.
    private struct Entry
    {
        public int Offset;
        public int Next;
        public ushort Length;
        public Holder Holders;
    }
}

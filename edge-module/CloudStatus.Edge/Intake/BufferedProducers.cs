using System.Runtime.CompilerServices;
using CloudStatus.Edge.Heap;

namespace CloudStatus.Edge.Intake;

/// <summary>
/// The buffer's part of every producer's slot (docs/adr/0165): a <see cref="BufferedProducer"/> at the slot number the
/// <see cref="ProducerIndex"/> shares with the status heap, so a producer's id is kept once for both. Not thread-safe:
/// the <see cref="ObservationBuffer"/> that owns it calls it under its lock.
/// </summary>
internal sealed class BufferedProducers(ProducerIndex index)
{
    private readonly PagedArray<BufferedProducer> _slots = new();

    public BufferedProducers()
        : this(new ProducerIndex())
    {
    }

    /// <summary>Producers in the buffer.</summary>
    public int Count { get; private set; }

    /// <summary>The buffered producer with this id, or a null reference.</summary>
    public ref BufferedProducer Find(string producerId) => ref At(index.Find(producerId));

    /// <summary>The buffered producer at a slot, or a null reference.</summary>
    public ref BufferedProducer At(int slot)
    {
        ref var entry = ref _slots.Peek(slot);
        if (Unsafe.IsNullRef(ref entry) || !entry.Present)
        {
            return ref Unsafe.NullRef<BufferedProducer>();
        }

        return ref entry;
    }

    /// <summary>The slot of a buffered producer, or -1.</summary>
    public int SlotOf(string producerId)
    {
        var slot = index.Find(producerId);
        return Unsafe.IsNullRef(ref At(slot)) ? -1 : slot;
    }

    /// <summary>The buffered producer with this id, added (empty) when it was not buffered.</summary>
    public ref BufferedProducer GetOrAdd(string producerId, out int slot, out bool exists)
    {
        slot = index.Acquire(producerId, ProducerIndex.Holder.Buffer);
        ref var entry = ref _slots[slot];
        exists = entry.Present;
        if (!exists)
        {
            entry = new BufferedProducer { Present = true };
            Count++;
        }

        return ref entry;
    }

    /// <summary>Forgets a producer; its slot stays while the heap holds it.</summary>
    public bool Remove(int slot)
    {
        ref var entry = ref At(slot);
        if (Unsafe.IsNullRef(ref entry))
        {
            return false;
        }

        entry = default;
        Count--;
        index.Release(slot, ProducerIndex.Holder.Buffer);
        return true;
    }

    public bool Remove(string producerId) => Remove(index.Find(producerId));

    public string IdOf(int slot) => index.IdOf(slot);

    /// <summary>The slots of every buffered producer.</summary>
    public List<int> Slots()
    {
        var result = new List<int>(Count);
        var bound = _slots.Bound;
        for (var slot = 0; slot < bound; slot++)
        {
            if (!Unsafe.IsNullRef(ref At(slot)))
            {
                result.Add(slot);
            }
        }

        return result;
    }
}

using System.Runtime.CompilerServices;

namespace CloudStatus.Edge.Heap;

/// <summary>
/// A growable array of structs in fixed pages: an element never moves (a <c>ref</c> to it stays valid while the array
/// grows) and growth never copies or over-allocates more than one page. Not thread-safe: its owner locks.
/// </summary>
internal sealed class PagedArray<T>
    where T : struct
{
    private const int PageBits = 10;
    private const int PageSize = 1 << PageBits;
    private T[]?[] _pages = new T[]?[4];

    /// <summary>The element at <paramref name="index"/>, its page allocated on first use.</summary>
    public ref T this[int index]
    {
        get
        {
            var page = index >> PageBits;
            if (page >= _pages.Length)
            {
                Array.Resize(ref _pages, Math.Max(page + 1, _pages.Length * 2));
            }

            return ref (_pages[page] ??= new T[PageSize])[index & (PageSize - 1)];
        }
    }

    /// <summary>The element at <paramref name="index"/>, or a null reference when its page was never used.</summary>
    public ref T Peek(int index)
    {
        var page = index >> PageBits;
        if (index < 0 || page >= _pages.Length || _pages[page] is not { } items)
        {
            return ref Unsafe.NullRef<T>();
        }

        return ref items[index & (PageSize - 1)];
    }

    /// <summary>One past the highest index whose page exists (an upper bound for scans).</summary>
    public int Bound
    {
        get
        {
            for (var page = _pages.Length - 1; page >= 0; page--)
            {
                if (_pages[page] is not null)
                {
                    return (page + 1) * PageSize;
                }
            }

            return 0;
        }
    }
}

namespace Personalization.Clustering.Internal;

/// <summary>The live cluster slots in ascending order, compacted lazily so scans skip dead slots.</summary>
internal sealed class ActiveSlots
{
    private readonly int[] _slots;
    private readonly bool[] _dead;
    private int _count;
    private int _deadInList;

    public ActiveSlots(int n)
    {
        _slots = new int[n];
        _dead = new bool[n];
        for (int i = 0; i < n; i++)
        {
            _slots[i] = i;
        }

        _count = n;
    }

    /// <summary>Gets the live slots in ascending order (compacted after removals).</summary>
    public ReadOnlySpan<int> Slots
    {
        get
        {
            if (_deadInList > 0)
            {
                Compact();
            }

            return _slots.AsSpan(0, _count);
        }
    }

    public int First() => Slots[0];

    public void Remove(int slot)
    {
        _dead[slot] = true;
        _deadInList++;
    }

    private void Compact()
    {
        int w = 0;
        for (int r = 0; r < _count; r++)
        {
            int s = _slots[r];
            if (!_dead[s])
            {
                _slots[w++] = s;
            }
        }

        _count = w;
        _deadInList = 0;
    }
}

namespace Runbook.Backups;

/// <summary>Orders objects so that each comes after the objects it depends on, otherwise keeping the given order.</summary>
internal static class DependencyOrder
{
    /// <summary>
    /// A stable topological order of <paramref name="items"/>: dependencies on keys outside the list are ignored. Objects
    /// caught in a cycle (which PostgreSQL does not allow between the kinds dumped here) follow in the given order.
    /// </summary>
    public static List<T> Sort<T, TKey>(IReadOnlyList<T> items, Func<T, TKey> key, ILookup<TKey, TKey> dependsOn)
        where TKey : notnull
    {
        var index = new Dictionary<TKey, int>();
        for (var i = 0; i < items.Count; i++)
        {
            index.TryAdd(key(items[i]), i);
        }

        var state = new byte[items.Count]; // 0 new, 1 on the path, 2 placed
        var sorted = new List<T>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            Visit(i);
        }

        return sorted;

        void Visit(int i)
        {
            if (state[i] != 0)
            {
                return; // placed already, or a cycle: its members keep the given order
            }

            state[i] = 1;
            foreach (var dependency in dependsOn[key(items[i])])
            {
                if (index.TryGetValue(dependency, out var j) && j != i)
                {
                    Visit(j);
                }
            }

            state[i] = 2;
            sorted.Add(items[i]);
        }
    }
}

using CloudStatus.Core.Hierarchy;
using FsCheck;
using FsCheck.Fluent;

namespace CloudStatus.Core.Tests.Hierarchy;

public class CascadeDeleteTests
{
    private static Func<string, IEnumerable<string>> ChildrenFrom(IReadOnlyDictionary<string, string[]> tree) =>
        id => tree.TryGetValue(id, out var children) ? children : [];

    [Fact]
    public void Collect_Leaf_ReturnsRootOnly()
    {
        var ids = CascadeDelete.Collect("srv-01.sw-01.dev-1", _ => []);

        Assert.Equal(["srv-01.sw-01.dev-1"], ids);
    }

    [Fact]
    public void Collect_Tree_ReturnsRootThenBreadthFirst()
    {
        var tree = new Dictionary<string, string[]>
        {
            ["sw"] = ["d1", "d2"],
            ["d1"] = ["d1.p1", "d1.p2"],
            ["d2"] = ["d2.p1"],
            ["d1.p1"] = ["d1.p1.x"],
        };

        var ids = CascadeDelete.Collect("sw", ChildrenFrom(tree));

        Assert.Equal(["sw", "d1", "d2", "d1.p1", "d1.p2", "d2.p1", "d1.p1.x"], ids);
    }

    [Fact]
    public void Collect_Cycle_TerminatesWithEachIdOnce()
    {
        var tree = new Dictionary<string, string[]>
        {
            ["a"] = ["b"],
            ["b"] = ["c", "a"],
            ["c"] = ["a", "b", "c"],
        };

        var ids = CascadeDelete.Collect("a", ChildrenFrom(tree));

        Assert.Equal(["a", "b", "c"], ids);
    }

    [Fact]
    public void Collect_SharedChildAndNullChildren_ListsChildOnce()
    {
        var tree = new Dictionary<string, string[]> { ["r"] = ["x", "y"], ["x"] = ["z"], ["y"] = ["z"] };

        var ids = CascadeDelete.Collect("r", id => id == "z" ? null! : ChildrenFrom(tree)(id));

        Assert.Equal(["r", "x", "y", "z"], ids);
    }

    [Fact]
    public void Collect_DoesNotVisitUnrelatedNodes()
    {
        var visited = new List<string>();
        var tree = new Dictionary<string, string[]> { ["root"] = ["a"], ["other"] = ["b"] };

        var ids = CascadeDelete.Collect("a", id =>
        {
            visited.Add(id);
            return ChildrenFrom(tree)(id);
        });

        Assert.Equal(["a"], ids);
        Assert.Equal(["a"], visited);
    }

    /// <summary>
    /// Random graphs over nodes 0..n-1 (edges may form cycles): the result is root first, each id once, and exactly
    /// the set of nodes reachable from the root.
    /// </summary>
    [Fact]
    public void Collect_RandomGraphs_EveryDescendantOnceRootFirst()
    {
        var graphs =
            from n in Gen.Choose(1, 12)
            from edges in Gen.Zip(Gen.Choose(0, n - 1), Gen.Choose(0, n - 1)).ListOf()
            select (n, edges: edges.ToArray());

        Prop.ForAll(graphs.ToArbitrary(), g =>
        {
            var children = Enumerable.Range(0, g.n).ToDictionary(i => $"n{i}", _ => new List<string>());
            foreach (var (from, to) in g.edges)
            {
                children[$"n{from}"].Add($"n{to}");
            }

            var ids = CascadeDelete.Collect("n0", id => children[id]);

            var expected = new HashSet<string> { "n0" };
            var frontier = new Stack<string>(["n0"]);
            while (frontier.Count > 0)
            {
                foreach (var c in children[frontier.Pop()])
                {
                    if (expected.Add(c))
                    {
                        frontier.Push(c);
                    }
                }
            }

            return ids[0] == "n0"
                && ids.Count == ids.Distinct(StringComparer.Ordinal).Count()
                && expected.SetEquals(ids)
                && ParentsComeFirst(ids, children);
        }).QuickCheckThrowOnFailure();
    }

    /// <summary>Every collected id other than the root has a parent listed before it.</summary>
    private static bool ParentsComeFirst(IReadOnlyList<string> ids, Dictionary<string, List<string>> children)
    {
        for (var i = 1; i < ids.Count; i++)
        {
            var id = ids[i];
            if (!ids.Take(i).Any(p => children[p].Contains(id)))
            {
                return false;
            }
        }

        return true;
    }
}

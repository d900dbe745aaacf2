using System.Reflection;
using System.Runtime.Loader;

namespace Gravity.Testing;

/// <summary>
/// The assemblies a project's compiled code really uses: its references and, through every Gravity assembly among them,
/// theirs. Dependency rules between projects are checked on this, so that one reached through another project counts too.
/// </summary>
public static class AssemblyReferences
{
    /// <summary>The names of every assembly <paramref name="root"/> depends on, directly or through Gravity assemblies.</summary>
    public static IReadOnlySet<string> Closure(Assembly root)
    {
        // Loaded in the root's own context: a root loaded from another folder is walked with that folder's builds.
        var context = AssemblyLoadContext.GetLoadContext(root) ?? AssemblyLoadContext.Default;
        var seen = new SortedSet<string>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([root]);
        while (pending.TryPop(out var assembly))
            foreach (var reference in assembly.GetReferencedAssemblies())
                if (seen.Add(reference.Name!) && reference.Name!.StartsWith("Gravity.", StringComparison.Ordinal))
                    pending.Push(context.LoadFromAssemblyName(reference));
        return seen;
    }
}

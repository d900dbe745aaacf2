using Gravity.Core;
using Gravity.Cluster.Operations.Install;

namespace Gravity.Cluster.Operations.Kinds;

/// <summary>
/// The operation kinds this gravity binary can run, by type. An operation of a kind that is not registered (recorded
/// by a newer gravity, say) is refused naming the kinds this binary knows, instead of being run by the wrong executors.
/// </summary>
public sealed class OperationKinds
{
    private readonly Dictionary<string, IOperationKind> _kinds = new(StringComparer.Ordinal);

    /// <summary>Every kind this build runs.</summary>
    public static OperationKinds Default { get; } = new OperationKinds().Register(new InstallOperationKind()).Register(new Expand.ExpandOperationKind()).Register(new Shrink.ShrinkOperationKind())
        .Register(new Upgrade.UpgradeOperationKind());

    public OperationKinds Register(IOperationKind kind)
    {
        if (!_kinds.TryAdd(kind.Type, kind)) throw new InvalidOperationException($"operation kind {kind.Type} is registered twice");
        return this;
    }

    public IReadOnlyCollection<string> Types => _kinds.Keys;

    /// <exception cref="GravityException">no kind of that type is registered.</exception>
    public IOperationKind Get(string type, string operationId)
        => _kinds.TryGetValue(type, out var kind)
            ? kind
            : throw new GravityException($"operation {operationId} is of type {type}, which this gravity binary ({GravityVersion.Current}) cannot run; " +
                                         $"it runs: {string.Join(", ", _kinds.Keys.Order(StringComparer.Ordinal))}");
}

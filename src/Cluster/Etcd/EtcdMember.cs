namespace Gravity.Cluster.Etcd;

/// <summary>A member of the etcd cluster; <see cref="Name"/> is empty until an added member has started.</summary>
public sealed record EtcdMember(ulong Id, string Name, IReadOnlyList<string> PeerUrls, IReadOnlyList<string> ClientUrls, bool IsLearner);

using Gravity.Cluster.State;

namespace Gravity.Cluster.Operations.Upload;

/// <summary>What `gravity upload` did: the record it wrote and how many blob bytes it sent to each other master's registry.</summary>
public sealed record ClusterUploadReport(UploadedApplication Record, IReadOnlyDictionary<string, long> BlobBytesSent);

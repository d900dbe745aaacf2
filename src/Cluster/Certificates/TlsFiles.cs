namespace Gravity.Cluster.Certificates;

/// <summary>The PEM files a TLS party uses: its certificate, its private key and the CA it trusts (and requires of its peers).</summary>
public sealed record TlsFiles(string CertPath, string KeyPath, string CaPath);

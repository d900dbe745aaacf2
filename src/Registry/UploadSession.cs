namespace Gravity.Registry;

/// <summary>
/// An upload in progress: its bytes so far are the file <see cref="DataPath"/>; the offset is that file's length.
/// <see cref="Owner"/> is who started it (null when the registry does not know its callers).
/// </summary>
public sealed record UploadSession(string Id, string Repository, DateTimeOffset StartedAt, string DataPath, string? Owner = null)
{
    public long Offset => new FileInfo(DataPath) is { Exists: true } f ? f.Length : 0;
}

namespace Gravity.Hub.Registry;

/// <summary>An upload in progress: its bytes so far are the file <see cref="DataPath"/>; the offset is that file's length.</summary>
public sealed record UploadSession(string Id, string Repository, DateTimeOffset StartedAt, string DataPath)
{
    public long Offset => new FileInfo(DataPath) is { Exists: true } f ? f.Length : 0;
}

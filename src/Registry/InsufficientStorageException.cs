namespace Gravity.Registry;

/// <summary>The data folder's file system is full (or over quota); the failed write's partial data was already removed.</summary>
public sealed class InsufficientStorageException(string message, Exception inner) : Exception(message, inner)
{
    private const int NoSpaceLeft = 28; // ENOSPC
    private const int QuotaExceeded = 122; // EDQUOT

    /// <summary>Whether <paramref name="ex"/> is the file system reporting no space (.NET keeps errno as the HResult on Unix).</summary>
    public static bool IsDiskFull(Exception ex)
        => ex is IOException { HResult: NoSpaceLeft or QuotaExceeded } || ex.InnerException is { } inner && IsDiskFull(inner);
}

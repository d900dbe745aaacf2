namespace Gravity.Core.IO;

/// <summary>The kind of a file system entry (the S_IFMT bits of its mode).</summary>
public enum UnixFileType
{
    Missing,
    Regular,
    Directory,
    SymbolicLink,
    Fifo,
    CharacterDevice,
    BlockDevice,
    Socket,
}

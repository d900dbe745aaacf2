namespace Gravity.Manifest;

/// <summary>One URI-loadable field that was replaced by content: the field, where the content came from (the real path
/// of a file, every link resolved, or the URL) and its size.</summary>
public sealed record InlinedContent(string FieldPath, string Source, long Bytes);

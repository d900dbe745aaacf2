namespace Gravity.Packaging.Discovery;

/// <summary>How the images of one top-level chart were found: rendered by helm, or read by the built-in reader.</summary>
/// <param name="Folder">The chart folder, relative to the build folder ("" when the build folder is the chart).</param>
/// <param name="How">For people: <c>rendered with helm v4.1.4</c>, <c>... (unchanged: remembered render)</c>, <c>read without helm</c>.</param>
public sealed record ChartReading(string Folder, string Name, bool WithHelm, string How);

using System.Runtime.CompilerServices;

// Unit tests of the discovery internals (Helm --set paths, template expressions).
[assembly: InternalsVisibleTo("Gravity.Packaging.Tests")]

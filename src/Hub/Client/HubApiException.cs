using System.Net;
using Gravity.Core;

namespace Gravity.Hub.Client;

/// <summary>The Hub refused a request; the message is the Hub's own explanation.</summary>
public sealed class HubApiException(HttpStatusCode status, string message) : GravityException(message)
{
    public HttpStatusCode Status { get; } = status;
}

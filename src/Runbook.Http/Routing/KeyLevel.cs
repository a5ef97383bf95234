namespace Runbook.Http.Routing;

/// <summary>Which function key an endpoint demands. There is deliberately no anonymous level.</summary>
public enum KeyLevel
{
    /// <summary>Any function key or the host key (<c>AuthorizationLevel.Function</c>).</summary>
    Function = 1,

    /// <summary>Only the master key (<c>AuthorizationLevel.Admin</c>).</summary>
    Admin = 2,
}

namespace Runbook.Http.Routing;

/// <summary>One endpoint: the function that serves it, its method and route (under <c>/api/</c>), its handler and key level.</summary>
/// <param name="FunctionName">The Azure Function's name.</param>
/// <param name="Method">The HTTP method, upper case.</param>
/// <param name="Route">The route below <c>/api/</c>, without a leading slash.</param>
/// <param name="Handler">The <see cref="IRunbookHandler"/> type that does the work.</param>
/// <param name="KeyLevel">The function key it demands.</param>
public sealed record RunbookRoute(string FunctionName, string Method, string Route, Type Handler, KeyLevel KeyLevel);

namespace Runbook.Http.Queues;

/// <summary>A body that must be empty or <c>{}</c>: anything else is an unknown field.</summary>
public sealed class EmptyRequest
{
}

using Runbook.Operations;
using Runbook.Targets;

namespace Runbook.Outbox;

/// <summary>Which targets an outbox operation works on.</summary>
internal static class OutboxTargets
{
    /// <summary>
    /// The target named (which must have its outbox enabled), or every target whose outbox is enabled. An unknown name is
    /// an <see cref="UnknownTargetException"/>, a target without an outbox an <see cref="InvalidRequestException"/>.
    /// </summary>
    public static IReadOnlyList<(TargetOptions Target, OutboxTableOptions Outbox)> Select(RunbookOptions targets, string? name, string what)
    {
        var selected = name is null ? [.. targets.Targets.Where(t => t.Outbox?.Enabled == true)] : new[] { targets.GetTarget(name) };
        return [.. selected.Select(t => t.Outbox is { Enabled: true } outbox
            ? (t, outbox)
            : throw new InvalidRequestException($"Target {t.Name} has no outbox to {what}: set {targets.KeyOf(t)}:Outbox:Enabled to true."))];
    }
}

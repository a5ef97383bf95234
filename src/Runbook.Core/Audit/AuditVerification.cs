namespace Runbook.Audit;

/// <summary>The result of checking the chain over some days.</summary>
/// <param name="Records">How many records were checked.</param>
/// <param name="Days">The days (blobs) read.</param>
/// <param name="Problem">The first break, naming the record; null when the chain holds.</param>
public sealed record AuditVerification(int Records, IReadOnlyList<string> Days, string? Problem)
{
    /// <summary>True when every record follows the one before it.</summary>
    public bool Intact => Problem is null;
}

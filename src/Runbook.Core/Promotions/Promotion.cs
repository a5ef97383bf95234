namespace Runbook.Promotions;

/// <summary>One promotion as an operator sees it.</summary>
/// <param name="Id">Its key, as text.</param>
/// <param name="Name">Its name.</param>
/// <param name="Active">True when it is on now.</param>
/// <param name="StartsAt">When it starts, when the table has a start column.</param>
/// <param name="EndsAt">When it ends, when the table has an end column.</param>
public sealed record Promotion(string Id, string Name, bool Active, DateTimeOffset? StartsAt, DateTimeOffset? EndsAt);

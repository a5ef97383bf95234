namespace Runbook.Testing;

/// <summary>The sample shop database of samples/shop, with the figures its seed guarantees.</summary>
public static class SampleShop
{
    /// <summary>Errors in error_log over the last 24 hours.</summary>
    public const long ErrorsLast24Hours = 10;

    /// <summary>Warnings in error_log over the last 24 hours.</summary>
    public const long WarningsLast24Hours = 4;

    /// <summary>The most frequent error message, and how often.</summary>
    public const string TopMessage = "Payment gateway timeout";

    /// <summary>How often <see cref="TopMessage"/> appears.</summary>
    public const long TopMessageCount = 7;

    /// <summary>The largest table.</summary>
    public const string LargestTable = "order_items";

    /// <summary>The seed script for PostgreSQL.</summary>
    public static string PostgreSql => Read("postgresql.sql");

    /// <summary>The seed script for MySQL and MariaDB.</summary>
    public static string MySql => Read("mysql.sql");

    private static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "samples", name));
}

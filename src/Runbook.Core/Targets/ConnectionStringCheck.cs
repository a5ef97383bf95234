namespace Runbook.Targets;

/// <summary>Whether a driver's connection-string builder accepts a string, without letting its message (which may quote the value) out.</summary>
internal static class ConnectionStringCheck
{
    public static bool Accepts(Func<string, object> parse, string connectionString)
    {
        try
        {
            _ = parse(connectionString);
            return true;
        }
        catch (Exception e) when (e is ArgumentException or FormatException or InvalidCastException or OverflowException)
        {
            return false;
        }
    }
}

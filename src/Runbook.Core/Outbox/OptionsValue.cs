using Microsoft.Extensions.Options;

namespace Runbook.Outbox;

/// <summary>Reads another section's options inside a validator without reporting its failures twice.</summary>
internal static class OptionsValue
{
    /// <summary>The options, or null when they are invalid (their own validator reports why).</summary>
    public static T? OrNull<T>(IOptions<T> options)
        where T : class
    {
        try
        {
            return options.Value;
        }
        catch (OptionsValidationException)
        {
            return null;
        }
    }
}

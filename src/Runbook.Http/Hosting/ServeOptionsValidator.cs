using System.Globalization;
using Microsoft.Extensions.Options;

namespace Runbook.Http.Hosting;

/// <summary>Checks that every configured key is long enough to guess no better than a real one; never echoes a key.</summary>
public sealed class ServeOptionsValidator : IValidateOptions<ServeOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ServeOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.MasterKey is { } master && master.Length < ServeOptions.MinimumKeyLength)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{ServeOptions.SectionName}:MasterKey is shorter than {ServeOptions.MinimumKeyLength} characters (the key is not shown)."));
        }

        for (var i = 0; i < (options.FunctionKeys?.Length ?? 0); i++)
        {
            if (options.FunctionKeys![i] is not { Length: >= ServeOptions.MinimumKeyLength })
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{ServeOptions.SectionName}:FunctionKeys:{i} is shorter than {ServeOptions.MinimumKeyLength} characters (the key is not shown)."));
            }
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

using Microsoft.Extensions.Options;

namespace Runbook.Promotions;

/// <summary>The promotion options hold only bounded durations, checked by the key walk; nothing else to check.</summary>
public sealed class PromotionOptionsValidator : IValidateOptions<PromotionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, PromotionOptions options) => ValidateOptionsResult.Success;
}

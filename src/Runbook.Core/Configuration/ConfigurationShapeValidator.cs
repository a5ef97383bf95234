using System.Collections;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Runbook.Configuration;

/// <summary>
/// Walks every key under <c>Runbook</c> against the options types the capabilities registered and refuses, naming the
/// key: a key no option reads (a typo such as <c>Runbook:Target</c> would otherwise be ignored and check nothing),
/// an object where a list belongs or the reverse, and a duration outside the documented syntax or its bounds.
/// </summary>
public sealed class ConfigurationShapeValidator(IConfiguration configuration, IEnumerable<RunbookSection> sections) : IValidateOptions<ConfigurationShape>
{
    private readonly IReadOnlyList<RunbookSection> _sections = [.. sections];

    /// <summary>The root of all of Runbook's keys.</summary>
    public const string RootKey = "Runbook";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ConfigurationShape options)
    {
        var failures = new List<string>();
        var root = configuration.GetSection(RootKey);
        var rootType = _sections.FirstOrDefault(s => Same(s.Path, RootKey))?.OptionsType;
        if (rootType is not null)
        {
            CheckObject(root, rootType, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private void CheckObject(IConfigurationSection section, Type type, List<string> failures)
    {
        var properties = BindableProperties(type);
        var nested = _sections.Where(s => IsChildOf(s.Path, section.Path)).ToList();
        foreach (var child in section.GetChildren())
        {
            if (nested.FirstOrDefault(s => Same(s.Path, child.Path)) is { } registered)
            {
                CheckValue(child, registered.OptionsType, null, failures);
            }
            else if (properties.FirstOrDefault(p => Same(p.Name, child.Key)) is { } property)
            {
                CheckValue(child, property.PropertyType, property, failures);
            }
            else
            {
                var known = properties.Select(p => p.Name).Concat(nested.Select(s => s.Path[(section.Path.Length + 1)..]));
                failures.Add($"{child.Path} is not a setting Runbook reads; under {section.Path} the settings are: {string.Join(", ", known)}.");
            }
        }
    }

    private void CheckValue(IConfigurationSection section, Type type, PropertyInfo? property, List<string> failures)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        var children = section.GetChildren().ToList();
        if (IsScalar(type))
        {
            if (children.Count > 0)
            {
                failures.Add($"{section.Path} must be a single value, not an object or a list.");
            }
            else if (type == typeof(TimeSpan))
            {
                CheckDuration(section, property, failures);
            }
            else if (!string.IsNullOrEmpty(section.Value) && InList(section.Path) && Unconvertible(section.Value, type) is { } expected)
            {
                // The binder drops a list element it cannot convert without a word (a target would vanish); elsewhere it says so itself.
                failures.Add($"{section.Path} '{section.Value}' is not {expected}.");
            }

            return;
        }

        if (ElementType(type) is { } element)
        {
            if (children.Count == 0 && !string.IsNullOrEmpty(section.Value))
            {
                failures.Add($"{section.Path} must be a list (in JSON: [ ... ]), not a single value.");
                return;
            }

            if (children.FirstOrDefault(c => !int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out _)) is { } notIndex)
            {
                failures.Add($"{section.Path} must be a list (in JSON: [ {{ ... }} ]), but it is an object with the key '{notIndex.Key}'.");
                return;
            }

            foreach (var child in children)
            {
                CheckValue(child, element, null, failures);
            }

            return;
        }

        if (children.Count == 0 && !string.IsNullOrEmpty(section.Value))
        {
            failures.Add($"{section.Path} must be an object with the settings {string.Join(", ", BindableProperties(type).Select(p => p.Name))}, not a single value.");
            return;
        }

        CheckObject(section, type, failures);
    }

    private static void CheckDuration(IConfigurationSection section, PropertyInfo? property, List<string> failures)
    {
        if (!DurationText.TryParse(section.Value, out var value))
        {
            failures.Add($"{section.Path} '{section.Value}' is not a duration: use {DurationText.Expected}.");
        }
        else if (property?.GetCustomAttribute<DurationAttribute>() is { } bounds && (value < bounds.Min || value > bounds.Max))
        {
            failures.Add($"{section.Path} {section.Value} is out of range: use a duration from {bounds.Min:c} to {bounds.Max:c}.");
        }
    }

    private static bool InList(string path) => path.Split(':').Any(part => int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out _));

    private static string? Unconvertible(string value, Type type) => type switch
    {
        _ when type == typeof(bool) => bool.TryParse(value, out _) ? null : "true or false",
        _ when type == typeof(int) => int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out _) ? null : "a whole number",
        { IsEnum: true } => Enum.GetNames(type).Contains(value.Trim(), StringComparer.OrdinalIgnoreCase) ? null : "one of " + string.Join(", ", Enum.GetNames(type)),
        _ => null,
    };

    // What the binder sets: public properties with a setter, and get-only mutable collections (IList<T> Targets { get; }).
    private static List<PropertyInfo> BindableProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetIndexParameters().Length == 0 && (p.SetMethod?.IsPublic == true || IsMutableCollection(p.PropertyType)))];

    private static bool IsMutableCollection(Type type) =>
        type.IsGenericType && type.GetGenericTypeDefinition() is var definition
        && (definition == typeof(IList<>) || definition == typeof(ICollection<>) || definition == typeof(List<>));

    private static Type? ElementType(Type type)
    {
        if (type.IsArray)
        {
            return type.GetElementType();
        }

        return type.IsGenericType && typeof(IEnumerable).IsAssignableFrom(type) && type.GetGenericArguments() is [var element] ? element : null;
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(TimeSpan)
        || type == typeof(Uri) || type == typeof(DateTimeOffset) || type == typeof(DateTime) || type == typeof(Guid);

    private static bool IsChildOf(string path, string parent) =>
        path.Length > parent.Length + 1 && path.StartsWith(parent + ":", StringComparison.OrdinalIgnoreCase) && !path[(parent.Length + 1)..].Contains(':', StringComparison.Ordinal);

    private static bool Same(string a, string b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);
}

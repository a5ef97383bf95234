// Stand-ins for the few Azure Functions isolated-worker types the app's sources use, written from the
// documented API (learn.microsoft.com, "Guide for running C# Azure Functions in an isolated worker process")
// so that the sources compile here, where the worker packages cannot be restored. Only the shapes matter.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;

namespace Microsoft.Azure.Functions.Worker
{
    [AttributeUsage(AttributeTargets.Method)]
    public sealed class FunctionAttribute : Attribute
    {
        public FunctionAttribute(string name) => Name = name;

        public string Name { get; }
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class TimerTriggerAttribute : Attribute
    {
        public TimerTriggerAttribute(string schedule) => Schedule = schedule;

        public string Schedule { get; }

        public bool RunOnStartup { get; set; }

        public bool UseMonitor { get; set; } = true;
    }

    public class ScheduleStatus
    {
        public DateTime Last { get; set; }

        public DateTime Next { get; set; }

        public DateTime LastUpdated { get; set; }
    }

    public class TimerInfo
    {
        public ScheduleStatus? ScheduleStatus { get; set; }

        public bool IsPastDue { get; set; }
    }

    public enum AuthorizationLevel
    {
        Anonymous,
        User,
        Function,
        System,
        Admin,
    }

    [AttributeUsage(AttributeTargets.Parameter)]
    public sealed class HttpTriggerAttribute : Attribute
    {
        public HttpTriggerAttribute()
        {
        }

        public HttpTriggerAttribute(params string[] methods) => Methods = methods;

        public HttpTriggerAttribute(AuthorizationLevel authLevel) => AuthLevel = authLevel;

        public HttpTriggerAttribute(AuthorizationLevel authLevel, params string[] methods)
        {
            AuthLevel = authLevel;
            Methods = methods;
        }

        public AuthorizationLevel AuthLevel { get; }

        public string[]? Methods { get; }

        public string? Route { get; set; }
    }
}

namespace Microsoft.Azure.Functions.Worker.Builder
{
    public static class FunctionsApplication
    {
        public static FunctionsApplicationBuilder CreateBuilder(string[] args) => new(args);
    }

    public sealed class FunctionsApplicationBuilder : IHostApplicationBuilder
    {
        private readonly HostApplicationBuilder _inner;

        internal FunctionsApplicationBuilder(string[] args) => _inner = Host.CreateApplicationBuilder(args);

        public IDictionary<object, object> Properties => ((IHostApplicationBuilder)_inner).Properties;

        public IConfigurationManager Configuration => _inner.Configuration;

        public IHostEnvironment Environment => _inner.Environment;

        public ILoggingBuilder Logging => _inner.Logging;

        public IMetricsBuilder Metrics => _inner.Metrics;

        public IServiceCollection Services => _inner.Services;

        public void ConfigureContainer<TContainerBuilder>(IServiceProviderFactory<TContainerBuilder> factory, Action<TContainerBuilder>? configure = null)
            where TContainerBuilder : notnull => _inner.ConfigureContainer(factory, configure);

        public IHost Build() => _inner.Build();
    }

    public static class FunctionsApplicationBuilderAspNetCoreExtensions
    {
        public static FunctionsApplicationBuilder ConfigureFunctionsWebApplication(this FunctionsApplicationBuilder builder) => builder;
    }
}

namespace Microsoft.Azure.Functions.Worker.OpenTelemetry
{
    public static class OpenTelemetryBuilderExtensions
    {
        public static IOpenTelemetryBuilder UseFunctionsWorkerDefaults(this IOpenTelemetryBuilder builder) => builder;
    }
}

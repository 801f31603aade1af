using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Offerwall.Web;

/// <summary>Registers <see cref="CountryLookup"/>: its options from section "Geo", the singleton, and its opening at start.</summary>
public static class CountryLookupServices
{
    public static IServiceCollection AddCountryLookup(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<GeoOptions>().Bind(config.GetSection("Geo"));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<CountryLookup>();
        services.AddHostedService<OpenAtStart>();
        return services;
    }

    /// <summary>Opens the database when the server starts, so a missing file is logged then and the first request does not read it.</summary>
    private sealed class OpenAtStart(CountryLookup lookup) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.FromResult(lookup.Enabled);

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}

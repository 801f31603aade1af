namespace Offerwall.Fraud;

/// <summary>Registers the fraud rules (section "Fraud", checked at start-up: an unknown rule or outcome stops the server).</summary>
public static class FraudServices
{
    public static IServiceCollection AddFraudRules(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<FraudOptions>().Bind(config.GetSection("Fraud"))
            .Validate(o => !o.Problems().Any(), "Fraud: a rule is unknown, or its outcome or limit is wrong (see docs/fraud.md).")
            .ValidateOnStart();
        services.AddSingleton<RuleSettings>();
        return services;
    }
}

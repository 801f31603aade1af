using Offerwall.Bench;

// `Offerwall.Bench postbacks --url http://127.0.0.1:PORT --admin-token TOKEN [...]`; see BenchOptions for the options.
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(BenchOptions.Usage);
    return args.Length == 0 ? 2 : 0;
}
if (args[0] is not ("postbacks" or "deliveries"))
{
    Console.Error.WriteLine($"Unknown scenario '{args[0]}'.\n{BenchOptions.Usage}");
    return 2;
}
if (!BenchOptions.TryParse(args[1..], out var options, out var error))
{
    Console.Error.WriteLine($"{error}\n{BenchOptions.Usage}");
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };
return args[0] == "deliveries"
    ? await DeliveryScenario.RunAsync(options!, cancel.Token)
    : await PostbackScenario.RunAsync(options!, cancel.Token);

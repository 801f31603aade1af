using System.CommandLine;
using Offerwall.Hosting;

// `offerwall` (or `offerwall serve`) runs the server; `offerwall --help` lists the operator commands.
// SIGTERM is the host's to handle (the postback worker drains, HTTP requests finish: docs/operations.md), not System.CommandLine's,
// which would end the process 2 seconds after the signal.
return await Cli.Build().Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });

public partial class Program;

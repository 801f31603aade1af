using Offerwall.Hosting;

// `offerwall` (or `offerwall serve`) runs the server; `offerwall --help` lists the operator commands.
return await Cli.Build().Parse(args).InvokeAsync();

public partial class Program;

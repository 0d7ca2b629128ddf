using ModelHub.UpstreamSimulator;

// dotnet ModelHub.UpstreamSimulator.dll --urls http://127.0.0.1:PORT [--Simulator:WeightBytes=…]
SimulatorApp.Create(args).Run();

using Personalization.Fuzz;
using SharpFuzz;

// Usage:
//   PERSONALIZATION_FUZZ_TARGET=<target> libfuzzer-dotnet --target_path=dotnet --target_arg=Personalization.Fuzz.dll ...
//   dotnet Personalization.Fuzz.dll <target> --replay <file-or-folder>...   (runs inputs without libFuzzer; exit 1 on a crash)
//   dotnet Personalization.Fuzz.dll seeds <folder>                          (writes the seed corpus of every target)
string target = args.Length > 0 ? args[0] : Environment.GetEnvironmentVariable("PERSONALIZATION_FUZZ_TARGET") ?? "";
if (target == "seeds")
{
    Seeds.Write(args.Length > 1 ? args[1] : "corpus");
    return 0;
}

if (Array.IndexOf(Targets.Names, target) < 0)
{
    Console.Error.WriteLine($"fuzz: name a target ({string.Join(", ", Targets.Names)}) as the first argument or in PERSONALIZATION_FUZZ_TARGET.");
    return 1;
}

if (args.Length > 1 && args[1] == "--replay")
{
    int crashes = 0;
    foreach (string path in args[2..].SelectMany(p => Directory.Exists(p) ? Directory.GetFiles(p) : [p]))
    {
        try
        {
            Targets.Run(target, File.ReadAllBytes(path));
        }
        catch (Exception ex)
        {
            crashes++;
            Console.Error.WriteLine($"{path}: {ex.GetType().Name}: {ex.Message}");
        }
    }

    Console.WriteLine($"replayed, {crashes} crash(es)");
    return crashes == 0 ? 0 : 1;
}

Fuzzer.LibFuzzer.Run(span => Targets.Run(target, span));
return 0;

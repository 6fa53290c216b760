using Personalization.Fuzz;
using SharpFuzz;

// Usage:
//   afl-fuzz -i <seeds> -o <findings> ... -- dotnet Personalization.Fuzz.dll <target>   (AFL++; see eng/fuzz.sh)
//   dotnet Personalization.Fuzz.dll <target> --replay <file-or-folder>...   (runs inputs without a fuzzer; exit 1 on a crash)
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

// Under afl-fuzz (AFL++), SharpFuzz speaks the AFL fork-server protocol itself and runs the target in a
// child process, so even a crash that kills the runtime (stack overflow) is reported; the input arrives
// on stdin. Started without afl-fuzz, it runs the target once on stdin.
Fuzzer.OutOfProcess.Run(stream =>
{
    using var buffer = new MemoryStream();
    stream.CopyTo(buffer);
    Targets.Run(target, buffer.GetBuffer().AsSpan(0, (int)buffer.Length));
});
return 0;

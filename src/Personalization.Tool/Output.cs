using Personalization.Features;

namespace Personalization.Cli;

internal static class Output
{
    public static object InputSummary(ParsedOptions options, CsvReadReport report) =>
        InputSummary(Path.GetFileName(options.Required("input")), report.RowsRead, report.RowsAccepted, report.RejectedCount, report.SkippedMissingCustomerId);

    /// <summary>The <c>input</c> block of every verb's JSON, for any reader's counts.</summary>
    public static object InputSummary(string path, long rowsRead, long rowsAccepted, long rowsRejected, long rowsSkippedNoCustomer) => new
    {
        path,
        rowsRead,
        rowsAccepted,
        rowsRejected,
        rowsSkippedNoCustomer,
    };
}

/// <summary>
/// The result files of one run, written all-or-nothing: each file is written to a new temporary file in the
/// --output folder (created exclusively, so a planted file or link is never opened) and renamed over the
/// final name only by <see cref="Commit"/>, after every file is complete. A rename replaces a symbolic link
/// at the final name; it never writes through it. A final name that is the input file is refused.
/// Dispose without Commit deletes the temporary files.
/// </summary>
internal sealed class OutputFiles : IDisposable
{
    private readonly string _requested;
    private readonly string _folder;
    private readonly List<(string Temp, string Final)> _written = [];
    private bool _committed;

    /// <summary>Checks the --output folder and the final names against --input before any work is done.</summary>
    public OutputFiles(ParsedOptions options, params string[] names)
    {
        _requested = options.Get("output") ?? ".";
        try
        {
            _folder = Path.GetFullPath(_requested);
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw new UsageException($"--output '{_requested}' is not a valid folder path ({PersonalizeCli.Clause(ex.Message)}).");
        }

        string? input = options.Get("input");
        string? inputReal = input is null ? null : RealPath(input);
        if (File.Exists(_folder))
        {
            throw inputReal is not null && RealPath(_folder) == inputReal
                ? new UsageException($"--output '{_requested}' is the input file; --output names a folder for the results, for example --output out.")
                : new BadInputException($"--output '{_requested}' is a file, not a folder; pass a folder for the results.");
        }

        foreach (string name in names)
        {
            if (inputReal is not null && RealPath(Path.Combine(_folder, name)) == inputReal)
            {
                throw new UsageException($"--output '{_requested}' would replace the input file {input} with {name}; choose another --output folder.");
            }
        }
    }

    /// <summary>The final path of <paramref name="name"/>.</summary>
    public string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>Creates the temporary file for <paramref name="name"/>.</summary>
    public Stream Create(string name)
    {
        try
        {
            Directory.CreateDirectory(_folder);
            string temp = Path.Combine(_folder, $".{name}.{Guid.NewGuid():N}.tmp");
            var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None);
            _written.Add((temp, PathOf(name)));
            return stream;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(ex);
        }
    }

    /// <summary>Writes <paramref name="name"/> through <paramref name="write"/>; a write error (disk full, I/O error) names the folder.</summary>
    public void Write(string name, Action<Stream> write)
    {
        try
        {
            using Stream stream = Create(name);
            write(stream);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(ex);
        }
    }

    /// <summary>Writes <paramref name="text"/> (UTF-8, no BOM) to <paramref name="name"/>.</summary>
    public void WriteText(string name, string text) =>
        Write(name, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
            writer.Write(text);
        });

    /// <summary>Renames every temporary file over its final name.</summary>
    public void Commit()
    {
        try
        {
            // Check every final name first, so that a rename cannot fail half-way for a reason known in advance.
            foreach ((_, string final) in _written)
            {
                if (Directory.Exists(final))
                {
                    throw new BadInputException($"cannot write {final}: a folder has that name; remove it or choose another --output folder.");
                }
            }

            foreach ((string temp, string final) in _written)
            {
                File.Move(temp, final, overwrite: true);
            }

            _committed = true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw CannotWrite(ex);
        }
    }

    public void Dispose()
    {
        if (_committed)
        {
            return;
        }

        foreach ((string temp, _) in _written)
        {
            try
            {
                File.Delete(temp);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // The folder became unwritable; nothing more can be done and the failure is already reported.
            }
        }
    }

    /// <summary>The path with every symbolic link along it resolved (so two spellings of one file compare equal).</summary>
    internal static string RealPath(string path)
    {
        string full = Path.GetFullPath(path);
        string root = Path.GetPathRoot(full) ?? "/";
        string current = root;
        foreach (string part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            current = Path.Combine(current, part);
            try
            {
                if (new FileInfo(current).ResolveLinkTarget(returnFinalTarget: true) is { } target)
                {
                    current = target.FullName;
                }
            }
            catch (IOException)
            {
                // A dangling or looping link: compare the unresolved path.
            }
        }

        return current;
    }

    private BadInputException CannotWrite(Exception ex) =>
        new($"cannot write the results to --output '{_requested}': {PersonalizeCli.Clause(ex.Message)}; pass a writable folder with free space.");
}

using System.Collections.Concurrent;
using System.Diagnostics;

namespace CooperationBot.Tests.EndToEnd;

/// <summary>A process the story starts; its output is kept for failure messages and it is always killed with its children.</summary>
public sealed class ChildProcess : IDisposable
{
    private readonly Process process;
    private readonly ConcurrentQueue<string> output = new();
    private long lineCount;

    private ChildProcess(Process process) => this.process = process;

    public string Output => string.Join('\n', output.TakeLast(60));

    /// <summary>How many lines the process has written so far, to read only what comes after.</summary>
    public long LineCount => Interlocked.Read(ref lineCount);

    /// <summary>The lines written after <paramref name="mark"/> (a <see cref="LineCount"/>), as far as they are still kept.</summary>
    public string OutputSince(long mark) => string.Join('\n', output.TakeLast((int)Math.Min(LineCount - mark, output.Count)));

    public bool HasExited => process.HasExited;

    public int Id => process.Id;

    public int ExitCode => process.ExitCode;

    /// <summary>True when the process ended within the time given.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    public static ChildProcess Start(string fileName, IEnumerable<string> arguments, string workingDirectory, IReadOnlyDictionary<string, string> environment)
    {
        var info = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var child = new ChildProcess(Process.Start(info) ?? throw new InvalidOperationException($"{fileName} did not start."));
        child.process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        child.process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        child.process.BeginOutputReadLine();
        child.process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL to the process and its children; the output stays readable.</summary>
    public void Kill()
    {
        try
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    public void Dispose()
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        output.Enqueue(line);
        Interlocked.Increment(ref lineCount);
        while (output.Count > 200)
        {
            output.TryDequeue(out _);
        }
    }
}

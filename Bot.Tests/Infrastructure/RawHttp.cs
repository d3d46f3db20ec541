using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace CooperationBot.Tests.Infrastructure;

/// <summary>What came back from a raw POST: the status (null when none arrived in time) and how much body was sent by then.</summary>
public sealed record RawResponse(int? Status, long BodyBytesSent);

/// <summary>
/// HTTP/1.1 POSTs written on a socket, for what HttpClient hides: a body announced but sent slowly or
/// never finished, and whether the server answered before reading it.
/// </summary>
public static class RawHttp
{
    /// <summary>
    /// Announces <paramref name="contentLength"/> bytes, sends them in chunks (stopping once the server
    /// answers or closes) and returns the status line's code. The body is a JSON activity padded with text.
    /// </summary>
    /// <param name="stallAfter">Stop sending after this many body bytes and wait for an answer anyway.</param>
    public static async Task<RawResponse> PostAsync(int port, long contentLength, TimeSpan timeout, long? stallAfter = null, string? authorization = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync("127.0.0.1", port);
        var stream = client.GetStream();
        var head = new StringBuilder()
            .Append("POST /api/messages HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n")
            .Append(CultureInfo.InvariantCulture, $"Content-Length: {contentLength}\r\n");
        if (authorization is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Authorization: {authorization}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));

        using var cancel = new CancellationTokenSource(timeout);
        var answer = ReadStatusAsync(stream, cancel.Token);

        // Once the server has answered, a write blocked on a full socket buffer is abandoned.
        var sending = CancellationTokenSource.CreateLinkedTokenSource(cancel.Token);
        _ = answer.ContinueWith(_ => sending.Cancel(), CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        long sent = 0;
        var prefix = Encoding.UTF8.GetBytes("{\"type\":\"message\",\"text\":\"");
        var chunk = new byte[64 * 1024];
        Array.Fill(chunk, (byte)'x');
        try
        {
            await stream.WriteAsync(prefix, sending.Token);
            sent = prefix.Length;
            while (sent < contentLength && !answer.IsCompleted && (stallAfter is null || sent < stallAfter))
            {
                var size = (int)Math.Min(chunk.Length, contentLength - sent);
                if (sent + size == contentLength)
                {
                    chunk[size - 2] = (byte)'"';
                    chunk[size - 1] = (byte)'}';
                }

                await stream.WriteAsync(chunk.AsMemory(0, size), sending.Token);
                sent += size;
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The server closed the connection or the time ran out: what it answered (if anything) still counts.
        }

        return new RawResponse(await answer, sent);
    }

    private static async Task<int?> ReadStatusAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var buffer = new byte[1024];
        var line = new StringBuilder();
        try
        {
            while (true)
            {
                var read = await stream.ReadAsync(buffer, cancellationToken);
                if (read == 0)
                {
                    return null;
                }

                line.Append(Encoding.ASCII.GetString(buffer, 0, read));
                var text = line.ToString();
                var end = text.IndexOf("\r\n", StringComparison.Ordinal);
                if (end > 0)
                {
                    // "HTTP/1.1 401 Unauthorized"
                    return int.Parse(text[..end].Split(' ')[1], CultureInfo.InvariantCulture);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            return null;
        }
    }
}

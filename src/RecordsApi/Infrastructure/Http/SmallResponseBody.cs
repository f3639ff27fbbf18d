using System.IO.Pipelines;
using Microsoft.AspNetCore.Http.Features;

namespace RecordsApi.Infrastructure.Http;

/// <summary>
/// Holds back the first bytes of an answer, up to a limit, so that compression can tell a small answer
/// from a large one: an answer that ends within the limit goes out whole with its Content-Length (which the
/// compression provider reads, and leaves it alone); one that grows past it, or is sent early (StartAsync,
/// a file), flows on to compression unchanged. A flush of a held answer waits, since JSON is flushed once at
/// its end anyway. <c>HttpResponse.Clear()</c> (the exception handler's) drops what is held.
/// </summary>
internal sealed class SmallResponseBody(IHttpResponseBodyFeature inner, HttpResponse response, int limit) : Stream, IHttpResponseBodyFeature
{
    private readonly MemoryStream held = new();
    private bool flowing;
    private PipeWriter? writer;

    public Stream Stream => this;

    public PipeWriter Writer => writer ??= PipeWriter.Create(this, new StreamPipeWriterOptions(leaveOpen: true));

    public override bool CanRead => false;

    // Seekable while held, so that HttpResponse.Clear can empty it (SetLength(0)).
    public override bool CanSeek => !flowing;

    public override bool CanWrite => true;

    public override long Length => flowing ? throw new NotSupportedException() : held.Length;

    public override long Position
    {
        get => flowing ? throw new NotSupportedException() : held.Length;
        set => throw new NotSupportedException();
    }

    public void DisableBuffering() => inner.DisableBuffering();

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await FlowAsync(cancellationToken);
        await inner.StartAsync(cancellationToken);
    }

    public async Task SendFileAsync(string path, long offset, long? count, CancellationToken cancellationToken = default)
    {
        await FlowAsync(cancellationToken);
        await inner.SendFileAsync(path, offset, count, cancellationToken);
    }

    public async Task CompleteAsync()
    {
        await FinishAsync();
        await inner.CompleteAsync();
    }

    /// <summary>At the end of the request: a held answer is small, so it goes out with its length.</summary>
    public async Task FinishAsync()
    {
        if (writer is not null)
        {
            await writer.FlushAsync();
        }

        if (!flowing && held.Length > 0)
        {
            if (!response.HasStarted && response.ContentLength is null)
            {
                response.ContentLength = held.Length;
            }

            await FlowAsync(default);
        }
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!flowing && held.Length + buffer.Length <= limit)
        {
            held.Write(buffer.Span);
            return;
        }

        await FlowAsync(cancellationToken);
        await inner.Stream.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override Task FlushAsync(CancellationToken cancellationToken) => flowing ? inner.Stream.FlushAsync(cancellationToken) : Task.CompletedTask;

    public override void Flush() => FlushAsync(default).GetAwaiter().GetResult();

    public override void SetLength(long value)
    {
        if (flowing || value != 0)
        {
            throw new NotSupportedException();
        }

        held.SetLength(0);
    }

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            held.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>Stops holding: what is held goes on, and so does everything after it.</summary>
    private async Task FlowAsync(CancellationToken cancellationToken)
    {
        if (flowing)
        {
            return;
        }

        flowing = true;
        if (held.Length > 0)
        {
            await inner.Stream.WriteAsync(held.GetBuffer().AsMemory(0, (int)held.Length), cancellationToken);
            held.SetLength(0);
        }
    }
}

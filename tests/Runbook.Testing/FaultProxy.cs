using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Runbook.Testing;

/// <summary>What <see cref="FaultProxy"/> does when the client sends its trigger.</summary>
public enum ProxyFault
{
    /// <summary>Close every connection with a TCP reset, as a crashed server or a dropped link does.</summary>
    Reset,

    /// <summary>Stop forwarding in both directions and keep the sockets open, as a hung server or a black-holed link does.</summary>
    Freeze,
}

/// <summary>
/// A TCP proxy on loopback in front of a real server that injects a connection fault at a chosen moment: when the
/// client sends bytes containing a trigger text (the SQL of the read under test travels in plain text on loopback).
/// Until then it forwards faithfully.
/// </summary>
public sealed class FaultProxy : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly int _targetPort;
    private readonly ConcurrentBag<Socket> _sockets = [];
    private readonly CancellationTokenSource _stop = new();
    private volatile bool _frozen;
    private (string Trigger, ProxyFault Fault)? _rule;

    /// <summary>Starts forwarding to <paramref name="targetPort"/> on loopback.</summary>
    public FaultProxy(int targetPort)
    {
        _targetPort = targetPort;
        _listener.Start();
        _ = AcceptAsync();
    }

    /// <summary>The port to connect to instead of the server's.</summary>
    public int Port => ((IPEndPoint)_listener.LocalEndpoint).Port;

    /// <summary>True once the fault has been injected.</summary>
    public bool Triggered { get; private set; }

    /// <summary>Injects <paramref name="fault"/> the first time the client sends <paramref name="trigger"/>.</summary>
    public void On(string trigger, ProxyFault fault) => _rule = (trigger, fault);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        foreach (var socket in _sockets)
        {
            socket.Dispose();
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptSocketAsync(_stop.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await server.ConnectAsync(IPAddress.Loopback, _targetPort);
            _sockets.Add(client);
            _sockets.Add(server);
            _ = PumpAsync(client, server, watch: true);
            _ = PumpAsync(server, client, watch: false);
        }
    }

    private async Task PumpAsync(Socket from, Socket to, bool watch)
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var read = await from.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
                if (read == 0)
                {
                    to.Shutdown(SocketShutdown.Send);
                    return;
                }

                if (watch && !Triggered && _rule is { } rule && Encoding.UTF8.GetString(buffer, 0, read).Contains(rule.Trigger, StringComparison.Ordinal))
                {
                    Triggered = true;
                    if (rule.Fault == ProxyFault.Reset)
                    {
                        ResetAll();
                        return;
                    }

                    _frozen = true;
                }

                if (_frozen)
                {
                    await Task.Delay(Timeout.Infinite, _stop.Token);
                }

                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None, _stop.Token);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private void ResetAll()
    {
        foreach (var socket in _sockets)
        {
            try
            {
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }
}

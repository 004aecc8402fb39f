package imagecache.frontend.it;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Many clients that each send the start of a request and then one byte at a time, slowly, all
 * driven by one thread over non-blocking sockets. Records, per client, when the server answered
 * (and with which status) and when it closed the connection.
 */
final class SlowClients implements AutoCloseable {

    /** One slow client: its socket, what it still has to send, and what the server did. */
    static final class Client {
        final SocketChannel channel;
        final long openedNanos = System.nanoTime();
        final long everyNanos;
        final StringBuilder answer = new StringBuilder();
        long nextByteNanos;
        long answeredNanos = -1;
        long closedNanos = -1;

        Client(SocketChannel channel, long everyNanos) {
            this.channel = channel;
            this.everyNanos = everyNanos;
            this.nextByteNanos = openedNanos + everyNanos;
        }

        boolean isClosed() {
            return closedNanos >= 0;
        }

        /** The status the server answered with, or 0 when it closed without an answer (or has not). */
        int status() {
            return answer.length() >= 12 && answer.substring(0, 5).equals("HTTP/")
                    ? Integer.parseInt(answer.substring(9, 12))
                    : 0;
        }

        double secondsOpen() {
            return (closedNanos - openedNanos) / 1e9;
        }

        double secondsToAnswer() {
            return (answeredNanos - openedNanos) / 1e9;
        }
    }

    private final Selector selector;
    private final List<Client> clients = new ArrayList<>();
    private final Thread driver;
    private volatile boolean running = true;

    SlowClients() {
        try {
            selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        driver = new Thread(this::drive, "slow-clients");
        driver.setDaemon(true);
    }

    /** Opens a client that sends {@code start} at once, then one byte of filler every {@code everyMillis}. */
    synchronized Client open(int port, String start, long everyMillis) throws IOException {
        SocketChannel channel = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        channel.write(ByteBuffer.wrap(start.getBytes(StandardCharsets.ISO_8859_1)));
        channel.configureBlocking(false);
        Client client = new Client(channel, TimeUnit.MILLISECONDS.toNanos(everyMillis));
        clients.add(client);
        selector.wakeup();
        return client;
    }

    void start() {
        driver.start();
    }

    synchronized List<Client> clients() {
        return List.copyOf(clients);
    }

    private void drive() {
        ByteBuffer in = ByteBuffer.allocate(4096);
        while (running) {
            try {
                synchronized (this) {
                    long now = System.nanoTime();
                    for (Client client : clients) {
                        if (client.isClosed()) {
                            continue;
                        }
                        if (client.channel.keyFor(selector) == null) {
                            client.channel.register(selector, SelectionKey.OP_READ, client);
                        }
                        if (now >= client.nextByteNanos) {
                            client.nextByteNanos = now + client.everyNanos;
                            try {
                                client.channel.write(ByteBuffer.wrap(new byte[] {'a'}));
                            } catch (IOException closed) {
                                closed(client);
                            }
                        }
                    }
                }
                selector.select(50);
                for (SelectionKey key : selector.selectedKeys()) {
                    Client client = (Client) key.attachment();
                    in.clear();
                    int n;
                    try {
                        n = client.channel.read(in);
                    } catch (IOException reset) {
                        n = -1;
                    }
                    if (n < 0) {
                        synchronized (this) {
                            closed(client);
                        }
                    } else if (client.answer.length() < 2048) {
                        if (client.answeredNanos < 0) {
                            client.answeredNanos = System.nanoTime();
                        }
                        client.answer.append(new String(in.array(), 0, n, StandardCharsets.ISO_8859_1));
                    }
                }
                selector.selectedKeys().clear();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private void closed(Client client) {
        if (!client.isClosed()) {
            client.closedNanos = System.nanoTime();
            SelectionKey key = client.channel.keyFor(selector);
            if (key != null) {
                key.cancel();
            }
            try {
                client.channel.close();
            } catch (IOException ignored) {
                // closing a closed socket
            }
        }
    }

    @Override
    public void close() throws Exception {
        running = false;
        selector.wakeup();
        driver.join(5000);
        synchronized (this) {
            for (Client client : clients) {
                client.channel.close();
            }
        }
        selector.close();
    }
}

package imagecache.frontend.it;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Several hosts on one machine, each a Linux network namespace with an address of its own on one
 * bridge, so that a test can run a pool's members as on separate machines and cut the network
 * between groups of them (a split brain) while every host still reaches the machine itself (the
 * bridge's address, {@link #gateway()}), where {@link #relay} forwards to loopback services such as
 * the database. Needs root and iproute2; one set of hosts per machine at a time (one subnet).
 */
public final class NetworkHosts implements AutoCloseable {

    private static final String SUBNET = "10.231.0.";
    private static final String GATEWAY = SUBNET + "1";
    /** Interface names are at most 15 characters: the prefix, "br" or "v" and a two-digit index. */
    private static final Pattern PREFIX = Pattern.compile("[a-z][a-z0-9]{0,9}");

    private final String prefix;
    private final Map<String, String> addresses = new LinkedHashMap<>();
    /** The blackhole routes {@link #cut} added: host, then the address it no longer reaches. */
    private final Set<List<String>> blackholes = new LinkedHashSet<>();

    private final List<AutoCloseable> relays = new CopyOnWriteArrayList<>();
    private final Thread cleanUpAtExit;
    private boolean closed;

    private NetworkHosts(String prefix) {
        this.prefix = prefix;
        this.cleanUpAtExit = new Thread(this::close, prefix + "-cleanup");
    }

    /**
     * Hosts named {@code hostNames}, each with an address on a new bridge, after removing whatever a
     * run with the same {@code prefix} (lower case letters and digits, up to 10) left behind when it
     * was killed. The hosts are removed on {@link #close()}, or when the JVM exits.
     */
    public static NetworkHosts create(String prefix, List<String> hostNames) {
        if (!PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException(
                    "A prefix is a lower case letter, then up to 9 letters or digits: " + prefix);
        }
        if (hostNames.isEmpty()
                || hostNames.size() > 99
                || Set.copyOf(hostNames).size() != hostNames.size()) {
            throw new IllegalArgumentException("From 1 to 99 distinct host names: " + hostNames);
        }
        removeAll(prefix);
        String taken = run(List.of("ip", "-4", "-o", "addr", "show", "to", SUBNET + "0/24"), false);
        if (!taken.isBlank()) {
            throw new IllegalStateException(SUBNET + "0/24 is already in use (another test run?): " + taken);
        }
        NetworkHosts hosts = new NetworkHosts(prefix);
        Runtime.getRuntime().addShutdownHook(hosts.cleanUpAtExit);
        try {
            String bridge = prefix + "br";
            ip("link", "add", bridge, "type", "bridge");
            ip("addr", "add", GATEWAY + "/24", "dev", bridge);
            ip("link", "set", bridge, "up");
            for (int i = 0; i < hostNames.size(); i++) {
                String host = hostNames.get(i);
                String namespace = prefix + "-" + host;
                String address = SUBNET + (10 + i);
                String veth = prefix + "v" + i;
                ip("netns", "add", namespace);
                ip("link", "add", veth, "type", "veth", "peer", "name", "eth0", "netns", namespace);
                ip("link", "set", veth, "master", bridge);
                ip("link", "set", veth, "up");
                ip("-n", namespace, "link", "set", "lo", "up");
                ip("-n", namespace, "addr", "add", address + "/24", "dev", "eth0");
                ip("-n", namespace, "link", "set", "eth0", "up");
                ip("-n", namespace, "route", "add", "default", "via", GATEWAY);
                hosts.addresses.put(host, address);
            }
            return hosts;
        } catch (RuntimeException e) {
            hosts.close();
            throw e;
        }
    }

    /** The host's address, where its processes listen and where the other hosts reach it. */
    public String address(String host) {
        String address = addresses.get(host);
        if (address == null) {
            throw new IllegalArgumentException("No host " + host + " among " + addresses.keySet());
        }
        return address;
    }

    /** The machine's own address on the bridge: every host reaches it, even across a {@link #cut}. */
    public String gateway() {
        return GATEWAY;
    }

    /** {@code command} run inside {@code host} (its environment passes through unchanged). */
    public List<String> command(String host, List<String> command) {
        address(host);
        List<String> inside = new ArrayList<>(List.of("ip", "netns", "exec", namespace(host)));
        inside.addAll(command);
        return inside;
    }

    /**
     * Drops every packet between a host of {@code sideA} and a host of {@code sideB} (blackhole
     * routes on both sides: a sender's connect fails, nothing arrives) until {@link #heal()}.
     */
    public synchronized void cut(Set<String> sideA, Set<String> sideB) {
        for (String a : sideA) {
            for (String b : sideB) {
                if (a.equals(b)) {
                    throw new IllegalArgumentException(a + " is on both sides");
                }
                blackhole(a, address(b));
                blackhole(b, address(a));
            }
        }
    }

    /** Removes every {@link #cut}: all hosts reach each other again. */
    public synchronized void heal() {
        for (List<String> route : blackholes) {
            ip("-n", namespace(route.get(0)), "route", "del", "blackhole", route.get(1) + "/32");
        }
        blackholes.clear();
    }

    /**
     * A relay on {@link #gateway()} to {@code 127.0.0.1:targetPort} (a service that listens on
     * loopback only, as the test MariaDB does), until {@link #close()}; its port.
     */
    public int relay(int targetPort) {
        try {
            ServerSocket listener = new ServerSocket();
            listener.bind(new InetSocketAddress(InetAddress.getByName(GATEWAY), 0));
            List<Socket> sockets = new CopyOnWriteArrayList<>();
            relays.add(() -> {
                listener.close();
                for (Socket socket : sockets) {
                    closeQuietly(socket);
                }
            });
            Thread acceptor = new Thread(() -> accept(listener, targetPort, sockets), prefix + "-relay");
            acceptor.setDaemon(true);
            acceptor.start();
            return listener.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Kills whatever still runs in the hosts, removes them and the bridge, and stops the relays;
     * whatever state a test left them in, and as often as it is called.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (AutoCloseable relay : relays) {
            closeQuietly(relay);
        }
        relays.clear();
        blackholes.clear();
        removeAll(prefix);
        if (Thread.currentThread() != cleanUpAtExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(cleanUpAtExit);
            } catch (IllegalStateException exiting) {
                // the JVM is shutting down and runs the hook, which returns at once
            }
        }
    }

    private String namespace(String host) {
        return prefix + "-" + host;
    }

    private void blackhole(String host, String unreachable) {
        if (blackholes.add(List.of(host, unreachable))) {
            ip("-n", namespace(host), "route", "add", "blackhole", unreachable + "/32");
        }
    }

    /** Every namespace, process in one, veth and bridge named from {@code prefix}. */
    private static void removeAll(String prefix) {
        for (String line : run(List.of("ip", "netns", "list"), false).split("\n")) {
            String namespace = line.split(" ", 2)[0];
            if (namespace.startsWith(prefix + "-")) {
                killProcessesIn(namespace);
                run(List.of("ip", "netns", "delete", namespace), false);
            }
        }
        for (String line : run(List.of("ip", "-o", "link", "show"), false).split("\n")) {
            String[] fields = line.split(": ", 3);
            if (fields.length < 2) {
                continue;
            }
            String name = fields[1].split("@", 2)[0];
            if (name.equals(prefix + "br") || name.matches(Pattern.quote(prefix) + "v\\d+")) {
                run(List.of("ip", "link", "delete", name), false);
            }
        }
    }

    private static void killProcessesIn(String namespace) {
        List<ProcessHandle> inside = run(List.of("ip", "netns", "pids", namespace), false)
                .lines()
                .filter(pid -> pid.matches("\\d+"))
                .flatMap(pid -> ProcessHandle.of(Long.parseLong(pid)).stream())
                .toList();
        inside.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle process : inside) {
            try {
                process.onExit().get(30, TimeUnit.SECONDS);
            } catch (Exception stillThere) {
                // deleting the namespace's name goes on; the namespace goes when its last process does
            }
        }
    }

    private static void ip(String... arguments) {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(arguments));
        run(command, true);
    }

    /** Runs {@code command} to its end; its output, or (if {@code mustSucceed}) an exception when it fails. */
    private static String run(List<String> command, boolean mustSucceed) {
        try {
            Process process =
                    new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int exit = process.waitFor();
            if (exit != 0 && mustSucceed) {
                throw new IllegalStateException(String.join(" ", command) + " failed (" + exit + "): " + output);
            }
            return exit == 0 ? output : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void accept(ServerSocket listener, int targetPort, List<Socket> sockets) {
        while (!listener.isClosed()) {
            Socket client;
            try {
                client = listener.accept();
            } catch (IOException closed) {
                return;
            }
            try {
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream, sockets);
                pump(upstream, client, sockets);
            } catch (IOException upstreamDown) {
                closeQuietly(client);
            }
        }
    }

    private static void pump(Socket from, Socket to, List<Socket> sockets) {
        Thread thread = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        for (int n; (n = in.read(buffer)) != -1; ) {
                            out.write(buffer, 0, n);
                            out.flush();
                        }
                    } catch (IOException closed) {
                        // the other side or close() ended the connection
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        sockets.remove(from);
                        sockets.remove(to);
                    }
                },
                "relay-pump");
        thread.setDaemon(true);
        thread.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception ignored) {
            // already closed
        }
    }
}

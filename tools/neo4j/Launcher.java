import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.SettingValueParsers;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;
import org.neo4j.logging.Level;
import org.neo4j.logging.log4j.Log4jLogProvider;

/**
 * Local, embedded Neo4j Community server for development and tests (started by tools/neo4j/db.mjs).
 *
 * Usage: java -Xms1g -Xmx1g -cp 'tools/neo4j/classes:tools/neo4j/lib/*' Launcher [--port N] [--data-dir DIR]
 * Defaults come from NEO4J_BOLT_PORT (7687) and NEO4J_DATA_DIR (.data/neo4j, relative to the cwd).
 *
 * Memory (sizes as Neo4j writes them: 512m, 1g, 1500m; see the README's "Sizing Neo4j"):
 *   heap                   the JVM's -Xms/-Xmx, set by db.mjs from NEO4J_HEAP (default 1g)
 *   NEO4J_PAGECACHE        server.memory.pagecache.size (default 1g; Neo4j fills it lazily, as pages are read)
 *   NEO4J_TX_MEMORY_MAX    dbms.memory.transaction.total.max, all transactions together
 *                          (default Neo4j's own: 70% of the heap)
 *   NEO4J_TX_MEMORY_PER_TX db.memory.transaction.max, one transaction (default: no limit of its own)
 * The chosen sizes and the store's size on disk are written to the log at start, with a warning when
 * the store has outgrown the page cache.
 *
 * Bolt listens on 127.0.0.1 only, without authentication. The data dir is the Neo4j home:
 * store files under DIR/data, Neo4j's debug log under DIR/logs, and this launcher's log plus
 * Neo4j's user log in DIR/neo4j.log (also echoed to the console when run interactively).
 */
public final class Launcher {
    private static final String LOG_FILE = "neo4j.log";

    private Launcher() {}

    @SuppressWarnings("removal") // tx_state_memory_allocation: deprecated in 5.x, still honoured
    public static void main(String[] args) throws Exception {
        // Our shutdown hook stops Neo4j; keep Log4j's own hook from closing Neo4j's logs under it.
        System.setProperty("log4j2.shutdownHookEnabled", "false");
        String portText = envOr("NEO4J_BOLT_PORT", "7687");
        String dataDirText = envOr("NEO4J_DATA_DIR", ".data/neo4j");
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (("--port".equals(arg) || "--data-dir".equals(arg)) && i + 1 < args.length) {
                if ("--port".equals(arg)) {
                    portText = args[++i];
                } else {
                    dataDirText = args[++i];
                }
            } else if ("--help".equals(arg) || "-h".equals(arg)) {
                System.out.println("usage: Launcher [--port N] [--data-dir DIR]");
                return;
            } else {
                System.err.println("Launcher: unknown or incomplete argument: " + arg);
                System.exit(2);
            }
        }

        int port;
        try {
            port = Integer.parseInt(portText.trim());
            if (port < 1 || port > 65535) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            System.err.println("Launcher: invalid Bolt port: " + portText);
            System.exit(2);
            return;
        }

        Path dataDir = Path.of(dataDirText).toAbsolutePath().normalize();
        Files.createDirectories(dataDir);
        PrintStream log = openLog(dataDir.resolve(LOG_FILE));

        log(log, "starting Neo4j (embedded, community) home=" + dataDir + " bolt=127.0.0.1:" + port);
        long started = System.nanoTime();

        long pageCache;
        Long txTotalMax;
        Long txMax;
        try {
            pageCache = bytes("NEO4J_PAGECACHE", "1g");
            txTotalMax = optionalBytes("NEO4J_TX_MEMORY_MAX");
            txMax = optionalBytes("NEO4J_TX_MEMORY_PER_TX");
        } catch (IllegalArgumentException e) {
            log(log, e.getMessage());
            System.err.println("Launcher: " + e.getMessage());
            System.exit(2);
            return;
        }
        long heapMax = Runtime.getRuntime().maxMemory();
        long store = storeSize(dataDir.resolve("data").resolve("databases"));
        log(log, "memory: heap " + mib(heapMax) + " (NEO4J_HEAP), page cache " + mib(pageCache)
                + " (NEO4J_PAGECACHE), transactions together at most "
                + (txTotalMax == null ? mib((long) (heapMax * 0.7)) + " (70% of the heap)" : mib(txTotalMax))
                + " (NEO4J_TX_MEMORY_MAX), one transaction at most "
                + (txMax == null || txMax == 0 ? "no limit of its own" : mib(txMax)) + " (NEO4J_TX_MEMORY_PER_TX);"
                + " store on disk " + mib(store));
        if (store > pageCache) {
            log(log, "warning: the store (" + mib(store) + ") is larger than the page cache (" + mib(pageCache)
                    + "): reads and writes will go to disk. Set NEO4J_PAGECACHE to about 1.2 x the store size"
                    + " (see the README, \"Sizing Neo4j\").");
        }

        Log4jLogProvider userLog = new Log4jLogProvider(log, Level.INFO);
        DatabaseManagementService dbms;
        try {
            DatabaseManagementServiceBuilder builder = new DatabaseManagementServiceBuilder(dataDir);
            if (txTotalMax != null) {
                builder.setConfig(GraphDatabaseSettings.memory_transaction_global_max_size, txTotalMax);
            }
            if (txMax != null) {
                builder.setConfig(GraphDatabaseSettings.memory_transaction_max_size, txMax);
            }
            dbms = builder
                    .setUserLogProvider(userLog)
                    .setConfig(BoltConnector.enabled, true)
                    .setConfig(BoltConnector.listen_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.advertised_address, new SocketAddress("127.0.0.1", port))
                    .setConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                    .setConfig(GraphDatabaseSettings.auth_enabled, false)
                    .setConfig(GraphDatabaseSettings.pagecache_memory, pageCache)
                    .setConfig(GraphDatabaseSettings.tx_state_memory_allocation,
                            GraphDatabaseSettings.TransactionStateMemoryAllocation.ON_HEAP)
                    .setConfig(GraphDatabaseSettings.udc_enabled, false)
                    // Dev server: don't wait 5 s + 5 s for (already closed) Bolt connections on shutdown.
                    .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                    .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                    .build();
        } catch (Throwable t) {
            log(log, "failed to start Neo4j: " + t);
            t.printStackTrace(log);
            log.flush();
            System.exit(1);
            return;
        }

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log(log, "shutting down Neo4j");
            try {
                dbms.shutdown();
                log(log, "Neo4j stopped");
            } catch (Throwable t) {
                log(log, "error during shutdown: " + t);
                t.printStackTrace(log);
            } finally {
                userLog.close();
                log.flush();
                stopped.countDown();
            }
        }, "neo4j-shutdown"));

        boolean available = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME)
                .isAvailable(Duration.ofMinutes(2).toMillis());
        long ms = Duration.ofNanos(System.nanoTime() - started).toMillis();
        if (available) {
            log(log, "Neo4j ready in " + ms + " ms, Bolt on bolt://127.0.0.1:" + port + " (no auth)");
        } else {
            log(log, "default database '" + GraphDatabaseSettings.DEFAULT_DATABASE_NAME
                    + "' still not available after " + ms + " ms; see " + dataDir.resolve("logs/debug.log"));
        }

        // Neo4j's threads keep the JVM alive; park main until the shutdown hook has run.
        stopped.await();
    }

    /** A size from the environment, in Neo4j's notation (512m, 1g, 1500m, or plain bytes). */
    private static long bytes(String name, String fallback) {
        String text = envOr(name, fallback).trim();
        Long value;
        try {
            value = SettingValueParsers.BYTES.parse(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(name + " must be a size such as 512m or 2g, got \"" + text + "\"", e);
        }
        if (value == null || value < ByteUnit.mebiBytes(8)) {
            throw new IllegalArgumentException(name + " must be at least 8m, got \"" + text + "\"");
        }
        return value;
    }

    private static Long optionalBytes(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : bytes(name, value);
    }

    /** Bytes of every file under DIR/data/databases: store files and indexes of all databases (not the tx logs). */
    private static long storeSize(Path databases) {
        if (!Files.isDirectory(databases)) {
            return 0;
        }
        long[] total = {0};
        try (var files = Files.find(databases, 16, (p, attrs) -> {
            if (attrs.isRegularFile()) {
                total[0] += attrs.size();
            }
            return false;
        })) {
            files.count();
        } catch (IOException | java.io.UncheckedIOException e) {
            // a file vanished meanwhile: the sum so far is good enough for a log line
        }
        return total[0];
    }

    private static String mib(long bytes) {
        return (bytes / ByteUnit.mebiBytes(1)) + " MiB";
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static PrintStream openLog(Path file) throws IOException {
        OutputStream fileOut = new FileOutputStream(file.toFile(), true);
        OutputStream out = fileOut;
        if (System.console() != null) {
            OutputStream console = System.out;
            out = new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    fileOut.write(b);
                    console.write(b);
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    fileOut.write(b, off, len);
                    console.write(b, off, len);
                }

                @Override
                public void flush() throws IOException {
                    fileOut.flush();
                    console.flush();
                }
            };
        }
        return new PrintStream(out, true, StandardCharsets.UTF_8);
    }

    private static void log(PrintStream log, String message) {
        log.println(OffsetDateTime.now() + " [launcher] " + message);
        log.flush();
    }
}

package dev.cairn.server.cli;

import dev.cairn.server.Cairn;
import dev.cairn.server.config.CairnConfig;
import dev.cairn.server.config.ConfigLoader;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code cairn serve}: runs the server until stopped. */
@Command(name = "serve", description = "Run the Cairn server.", mixinStandardHelpOptions = true)
final class ServeCommand implements Callable<Integer> {

    @Option(names = {"-c", "--config"}, description = "cairn.yaml to read")
    Path config;

    @Option(names = {"-p", "--port"}, description = "port to listen on (also CAIRN_PORT; default 8080)")
    Integer port;

    @Option(names = {"-d", "--data"}, description = "data folder (also CAIRN_DATA; default ./cairn-data)")
    Path data;

    @Option(names = "--host", description = "address to listen on (also CAIRN_HOST; default 127.0.0.1)")
    String host;

    @Override
    public Integer call() throws InterruptedException {
        ConfigLoader loader = ConfigLoader.create(System.getenv());
        CairnConfig settings = loader.load(new ConfigLoader.Overrides(config, port, data, host));
        Cairn cairn = Cairn.start(settings, loader);
        System.out.println("Cairn is serving on " + cairn.baseUrl() + " (data in " + settings.dataDir().toAbsolutePath() + ")");
        cairn.newAdminKey().ifPresent(key -> System.out.println("Admin API key (shown once, keep it): " + key));
        System.out.flush();
        runUntilStopped(cairn);
        return 0;
    }

    static void runUntilStopped(Cairn cairn) throws InterruptedException {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            cairn.close();
            stopped.countDown();
        }, "cairn-shutdown"));
        stopped.await();
    }
}

package org.osteon.benchmarks.gateway;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.osteon.gateway.ingest.IngestService;
import org.osteon.gateway.publish.EventPublisher;
import org.osteon.gateway.scp.CStoreGateway;
import org.osteon.gateway.scp.StorageScp;
import org.osteon.launcher.EmbeddedKafkaBroker;

/**
 * The gateway alone for {@code ./osteon bench ingest}: the same SCP, ingest service and producer as
 * the streams app, with the app's embedded single-node broker on free ports, but without the streams
 * topologies, whose de-identification would otherwise share the two cores with the receipt being
 * measured (de-identification is measured on its own). Every success still means fsynced and
 * acknowledged by Kafka. Runs until killed; prints the mean time spent in ingest per object on exit.
 *
 * <p>Usage: {@code java -cp ... GatewayBench <dicom-port> <kafka-port> <controller-port> <work-dir>}
 */
public final class GatewayBench {

    private GatewayBench() {}

    public static void main(String[] args) throws Exception {
        int dicomPort = Integer.parseInt(args[0]);
        int kafkaPort = Integer.parseInt(args[1]);
        int controllerPort = Integer.parseInt(args[2]);
        Path work = Path.of(args[3]);
        for (String category : new String[] {"kafka", "org.apache.kafka", "state.change.logger"}) {
            java.util.logging.Logger.getLogger(category).setLevel(java.util.logging.Level.WARNING);
        }
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(work.resolve("kafka"), kafkaPort, controllerPort);
        EventPublisher publisher = new EventPublisher(broker.bootstrapServers(), Duration.ofSeconds(30));
        IngestService ingest = new IngestService(work.resolve("phi"), publisher);
        AtomicLong objects = new AtomicLong();
        AtomicLong nanos = new AtomicLong();
        StorageScp scp = StorageScp.start(
                new StorageScp.Settings(dicomPort, "BENCHGW", null, 64, null),
                work.resolve("phi").resolve(".incoming"),
                object -> {
                    long start = System.nanoTime();
                    int status = CStoreGateway.received(ingest, object);
                    nanos.addAndGet(System.nanoTime() - start);
                    objects.incrementAndGet();
                    return status;
                });
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            scp.close();
            publisher.close();
            broker.close();
            long n = Math.max(1, objects.get());
            System.out.printf(
                    "ingested %d objects, %.2f ms each in ingest (header, move, event acknowledged)%n",
                    objects.get(), nanos.get() / 1e6 / n);
            stop.countDown();
        }));
        System.out.println("ready");
        stop.await();
    }
}

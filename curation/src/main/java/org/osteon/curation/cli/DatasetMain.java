package org.osteon.curation.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.osteon.curation.build.BuildOptions;
import org.osteon.curation.build.DatasetBuild;
import org.osteon.curation.build.SplitRule;
import org.osteon.curation.read.SnapshotLimits;
import org.osteon.curation.read.TopicSnapshot;
import org.osteon.curation.scores.ScoresExport;
import org.osteon.curation.write.BuiltDataset;
import org.osteon.curation.write.DatasetWriter;
import org.osteon.platform.kafka.KafkaClientSettings;

/**
 * {@code ./osteon dataset build|scores}: prints one JSON line on success; exit status 2 for a command line
 * it cannot run, 1 for a failure (broker unavailable, too many images, a store that cannot be read, a
 * corrupt existing dataset), in which case nothing was written. The cluster is {@code --bootstrap}, else
 * {@code KAFKA_BOOTSTRAP_SERVERS}, else localhost:9092, secured by the services' {@code KAFKA_SECURITY_PROTOCOL},
 * {@code KAFKA_SASL_*} and {@code KAFKA_SSL_*} variables.
 */
public final class DatasetMain {

    static final String USAGE = String.join(
            "\n",
            "usage: ./osteon dataset build --research-root DIR --out DATASETS_ROOT [--bootstrap HOST:PORT] [--name NAME]",
            "                              [--site SITE] [--test-pct 30] [--cal-pct 15] [--max-images 100000]",
            "                              [--max-object-bytes 268435456] [--max-events 2000000] [--timeout-s 30]",
            "       ./osteon dataset scores --out FILE.jsonl [--bootstrap HOST:PORT] [--last N] [--max-events 2000000]",
            "                              [--timeout-s 30]");

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> COMMON = Set.of("bootstrap", "out", "max-events", "timeout-s");

    private DatasetMain() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> env, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("build or scores?");
            }
            Map<String, Object> result = switch (args[0]) {
                case "build" -> build(args, env);
                case "scores" -> scores(args, env);
                default -> throw new UsageException("unknown command " + args[0]);
            };
            out.println(JSON.writeValueAsString(result));
            return 0;
        } catch (UsageException | IllegalArgumentException e) {
            err.println("osteon dataset: " + e.getMessage());
            err.println(USAGE);
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("osteon dataset: failed, nothing written: " + e.getMessage());
            return 1;
        }
    }

    private static Map<String, Object> build(String[] args, Map<String, String> env) throws IOException {
        Flags flags = new Flags(
                args,
                1,
                union(Set.of(
                        "research-root", "name", "site", "test-pct", "cal-pct", "max-images", "max-object-bytes")));
        String site = flags.get("site", null);
        BuildOptions options = new BuildOptions(
                Path.of(flags.required("research-root", env.get("OSTEON_STORE_RESEARCH_ROOT"))),
                Path.of(flags.required("out", null)),
                flags.get("name", "osteon"),
                site,
                new SplitRule((int) flags.number("test-pct", 30, 0, 100), (int) flags.number("cal-pct", 15, 0, 100)),
                (int) flags.number("max-images", BuildOptions.DEFAULT_MAX_IMAGES, 1, Integer.MAX_VALUE),
                flags.number("max-object-bytes", BuildOptions.DEFAULT_MAX_OBJECT_BYTES, 1, Long.MAX_VALUE));
        BuiltDataset built = new DatasetBuild(snapshot(flags, env), new DatasetWriter(Clock.systemUTC())).run(options);
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("dataset", built.dir().toAbsolutePath().toString());
        line.put("content_sha256", built.contentSha256());
        line.put("images", built.images());
        line.put("studies", built.studies());
        line.put("label_counts", built.labelCounts());
        line.put("excluded", built.excluded());
        line.put("exclusions", built.exclusions());
        line.put("reused", built.reused());
        return line;
    }

    private static Map<String, Object> scores(String[] args, Map<String, String> env) throws IOException {
        Flags flags = new Flags(args, 1, union(Set.of("last")));
        Path out = Path.of(flags.required("out", null));
        ScoresExport.Exported exported =
                new ScoresExport(snapshot(flags, env)).run(out, (int) flags.number("last", 0, 0, Integer.MAX_VALUE));
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scores", out.toAbsolutePath().toString());
        line.put("primary", exported.primary());
        line.put("shadow", exported.shadow());
        return line;
    }

    private static TopicSnapshot snapshot(Flags flags, Map<String, String> env) {
        Map<String, String> environment = new java.util.HashMap<>(env);
        String bootstrap = flags.get("bootstrap", null);
        if (bootstrap != null) {
            environment.put(KafkaClientSettings.BOOTSTRAP_VARIABLE, bootstrap);
        }
        KafkaClientSettings kafka = KafkaClientSettings.fromEnvironment(environment, "localhost:9092");
        SnapshotLimits limits = new SnapshotLimits(
                flags.number("max-events", SnapshotLimits.DEFAULT.maxRecords(), 1, Long.MAX_VALUE),
                Duration.ofSeconds(flags.number("timeout-s", 30, 1, 3600)));
        return new TopicSnapshot(kafka, limits);
    }

    private static Set<String> union(Set<String> own) {
        Set<String> all = new java.util.HashSet<>(COMMON);
        all.addAll(own);
        return all;
    }
}

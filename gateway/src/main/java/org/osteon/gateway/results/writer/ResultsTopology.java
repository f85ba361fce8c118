package org.osteon.gateway.results.writer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Joined;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.KTable;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.osteon.events.DeadLetter;
import org.osteon.events.DeidentificationAudit;
import org.osteon.events.DeidentificationOutcome;
import org.osteon.events.ResultObject;
import org.osteon.events.Triage;
import org.osteon.events.TriageDecision;
import org.osteon.schemas.DeadLetters;
import org.osteon.schemas.topic.Topics;

/**
 * The results writer's topology: each scored image's decision ({@code triage-decision-v1}, research zone,
 * keyed by study pseudonym) joined with its de-identification audit ({@code phi-deid-audit-v1}, the PHI
 * zone's link from the instance pseudonym back to the original SOP Instance and its claim check), both
 * re-keyed by instance pseudonym. The joined pair makes the result objects, announced on
 * {@code phi-result-object-v1}, the outbox that delivery reads.
 *
 * <p>The application id starts with {@code phi-}, so that its repartition and changelog topics, which
 * hold original UIDs, are PHI topics by name like every other.
 *
 * <p>A decision with no audit, or whose original cannot make a result, is dead-lettered on
 * {@code phi-dead-letter-v1} with the reason and the decision's bytes for replay. A store that cannot be
 * read or written is thrown: the stream thread is replaced and the record redone, never dead-lettered.
 */
public final class ResultsTopology {

    public static final String APPLICATION_ID = "phi-result-writer";
    static final String AUDIT_STORE = "audit-by-instance";
    static final String STAGE = "results";

    private ResultsTopology() {}

    /** A decision and its audit (null when none was seen), as the join hands them on. */
    record Joined2(TriageDecision decision, DeidentificationAudit audit) {}

    /** What one joined pair became: result objects, or a dead letter. */
    sealed interface Outcome permits Made, Refused {}

    record Made(ResultObject object) implements Outcome {}

    record Refused(DeadLetter letter) implements Outcome {}

    public static Topology build(ResultMaker maker, Clock clock) {
        StreamsBuilder builder = new StreamsBuilder();
        Serde<String> keys = Topics.PHI_DEID_AUDIT.keySerde();
        Serde<DeidentificationAudit> audits = Topics.PHI_DEID_AUDIT.valueSerde();
        Serde<TriageDecision> decisions = Topics.TRIAGE_DECISION.valueSerde();

        KTable<String, DeidentificationAudit> auditByInstance = builder.stream(
                        Topics.PHI_DEID_AUDIT.name(), Consumed.with(keys, audits))
                .filter((study, audit) -> audit != null && audit.getOutcome() == DeidentificationOutcome.DEIDENTIFIED)
                .selectKey((study, audit) -> audit.getInstanceKey())
                .toTable(
                        Named.as(AUDIT_STORE),
                        Materialized.<String, DeidentificationAudit, KeyValueStore<Bytes, byte[]>>as(AUDIT_STORE)
                                .withKeySerde(keys)
                                .withValueSerde(audits));

        KStream<String, Outcome> outcomes = builder.stream(
                        Topics.TRIAGE_DECISION.name(), Consumed.with(Topics.TRIAGE_DECISION.keySerde(), decisions))
                .filter((study, decision) -> scored(decision))
                .selectKey((study, decision) -> decision.getInstanceKey())
                .leftJoin(
                        auditByInstance,
                        Joined2::new,
                        Joined.with(keys, decisions, audits).withName("decision-by-instance"))
                .flatMap((instance, pair) -> outcomes(maker, pair, clock));

        outcomes.split(Named.as("results-"))
                .branch(
                        (key, outcome) -> outcome instanceof Made,
                        Branched.withConsumer(made -> made.mapValues(outcome -> ((Made) outcome).object())
                                .to(
                                        Topics.PHI_RESULT_OBJECT.name(),
                                        Produced.with(keys, Topics.PHI_RESULT_OBJECT.valueSerde()))))
                .defaultBranch(Branched.withConsumer(refused -> refused.mapValues(
                                outcome -> ((Refused) outcome).letter())
                        .to(Topics.PHI_DEAD_LETTER.name(), Produced.with(keys, Topics.PHI_DEAD_LETTER.valueSerde()))));
        return builder.build();
    }

    /** Only a scored image has a result to write; NOT_SCORED objects are not the model's to annotate. */
    static boolean scored(TriageDecision decision) {
        return decision != null
                && decision.getDecision() != Triage.NOT_SCORED
                && decision.getMalignantProbability() != null
                && decision.getUncertainty() != null
                && decision.getModelVersion() != null;
    }

    private static List<KeyValue<String, Outcome>> outcomes(ResultMaker maker, Joined2 pair, Clock clock) {
        TriageDecision decision = pair.decision();
        if (pair.audit() == null) {
            return List.of(refused(
                    decision,
                    "NO_DEIDENTIFICATION_AUDIT",
                    "no de-identification audit names this decision's instance, so its original is unknown",
                    clock));
        }
        try {
            return maker.make(decision, pair.audit()).stream()
                    .map(object -> KeyValue.<String, Outcome>pair(object.getStudyInstanceUid(), new Made(object)))
                    .toList();
        } catch (ResultMaker.UnusableInput e) {
            return List.of(refused(decision, e.errorType(), e.getMessage(), clock));
        } catch (IOException e) {
            // Kafka Streams logs what it catches, cause and all; a store's paths name the study and image,
            // so only the kind of fault travels on.
            throw new UncheckedIOException(
                    new IOException("a store could not be read or written (" + kind(e) + "); the record is redone"));
        } catch (RuntimeException e) {
            // A decision no object can be written for (a value out of range, a writer's refusal) would fail
            // again on every retry and hold back every result behind it: dead-letter it with the reason.
            return List.of(refused(
                    decision, "RESULT_NOT_WRITABLE", e.getClass().getSimpleName() + ": " + e.getMessage(), clock));
        }
    }

    /** A fault's kind without its paths: the exception's class and, for a file system's, its reason. */
    static String kind(IOException e) {
        String reason = e instanceof java.nio.file.FileSystemException fs ? fs.getReason() : null;
        return e.getClass().getSimpleName() + (reason == null ? "" : ": " + reason);
    }

    private static KeyValue<String, Outcome> refused(
            TriageDecision decision, String errorType, String reason, Clock clock) {
        byte[] payload =
                Topics.TRIAGE_DECISION.valueSerde().serializer().serialize(Topics.TRIAGE_DECISION.name(), decision);
        DeadLetter letter = DeadLetters.letter(
                        STAGE, errorType, "result not written: " + reason, payload, clock.instant())
                .setSourceTopic(Topics.TRIAGE_DECISION.name())
                .build();
        return KeyValue.pair(decision.getStudyKey(), new Refused(letter));
    }
}

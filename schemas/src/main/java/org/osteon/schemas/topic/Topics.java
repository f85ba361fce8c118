package org.osteon.schemas.topic;

import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.osteon.events.DeadLetter;
import org.osteon.events.DeidentificationAudit;
import org.osteon.events.RadiographDeidentified;
import org.osteon.events.RadiographReceived;
import org.osteon.events.RadiographScored;
import org.osteon.events.ResultDelivery;
import org.osteon.events.ResultObject;
import org.osteon.events.TriageDecision;
import org.osteon.events.TriageDiagnosis;
import org.osteon.events.TriageFeedback;
import org.osteon.events.TriageMetrics;
import org.osteon.events.WorklistAlert;
import org.osteon.events.WorklistPriorityChanged;
import org.osteon.schemas.serde.AvroSerde;

/** The one registry of Osteon's topics. Every producer and consumer takes its topic from here. */
public final class Topics {

    private static final Serde<String> KEY = Serdes.String();

    /** Objects as received, keyed by Study Instance UID. PHI zone. */
    public static final Topic<String, RadiographReceived> PHI_RADIOGRAPH_RECEIVED =
            topic("phi-radiograph-received-v1", RadiographReceived.class);

    /** De-identified objects, keyed by study pseudonym. */
    public static final Topic<String, RadiographDeidentified> RADIOGRAPH_DEIDENTIFIED =
            topic("radiograph-deidentified-v1", RadiographDeidentified.class);

    /** Model outputs, keyed by study pseudonym. */
    public static final Topic<String, RadiographScored> RADIOGRAPH_SCORED =
            topic("radiograph-scored-v1", RadiographScored.class);

    /**
     * Scores from a shadow model run beside the primary one, keyed by study pseudonym. Analytics compare
     * them with {@link #RADIOGRAPH_SCORED} before a promotion; nothing that decides reads this topic.
     */
    public static final Topic<String, RadiographScored> RADIOGRAPH_SCORED_SHADOW =
            topic("radiograph-scored-shadow-v1", RadiographScored.class);

    /**
     * Gate decisions, one per image, keyed by study pseudonym. There is no study-level topic: the
     * worklist adapter folds a study's image decisions into its outcome (docs/architecture.md).
     */
    public static final Topic<String, TriageDecision> TRIAGE_DECISION =
            topic("triage-decision-v1", TriageDecision.class);

    /**
     * Radiologists' confirm or reject of the AI's triage of a study, from the reading-room page; keyed
     * by study pseudonym. Ground truth for the analytics' real-world PPV and sensitivity.
     */
    public static final Topic<String, TriageFeedback> TRIAGE_FEEDBACK =
            topic("triage-feedback-v1", TriageFeedback.class);

    /**
     * Final diagnoses of studies (pathology, signed report, MDT), from the worklist adapter's admin REST
     * intake and its HL7 v2 ORU^R01 listener; keyed by study pseudonym, no PHI. The dataset build lets a
     * study's latest diagnosis override any reader's feedback.
     */
    public static final Topic<String, TriageDiagnosis> TRIAGE_DIAGNOSIS =
            topic("triage-diagnosis-v1", TriageDiagnosis.class);

    /**
     * Rolling metrics per site, model and tumbling window (score drift, escalation and review rates,
     * real-world PPV and sensitivity, receipt-to-worklist latency), keyed {@code site|modelVersion|windowStart}.
     * Counts and rates only, never a study.
     */
    public static final Topic<String, TriageMetrics> TRIAGE_METRICS = topic("triage-metrics-v1", TriageMetrics.class);

    /** Committed worklist outcomes, keyed by study pseudonym. */
    public static final Topic<String, WorklistPriorityChanged> WORKLIST_PRIORITY_CHANGED =
            topic("worklist-priority-changed-v1", WorklistPriorityChanged.class);

    /** Alerts to readers (escalated or review-lane studies), keyed by study pseudonym. PHI zone: accession number. */
    public static final Topic<String, WorklistAlert> PHI_WORKLIST_ALERT =
            topic("phi-worklist-alert-v1", WorklistAlert.class);

    /** Failed records from stages outside the PHI zone. */
    public static final Topic<String, DeadLetter> DEAD_LETTER = topic("dead-letter-v1", DeadLetter.class);

    /** Failed records from stages inside the PHI zone; the payload may hold PHI. */
    public static final Topic<String, DeadLetter> PHI_DEAD_LETTER = topic("phi-dead-letter-v1", DeadLetter.class);

    /** What de-identification did to each instance (profile, options, actions; never values), keyed by Study Instance UID. PHI zone. */
    public static final Topic<String, DeidentificationAudit> PHI_DEID_AUDIT =
            topic("phi-deid-audit-v1", DeidentificationAudit.class);

    /**
     * The results writer's outbox: each DICOM result object it stored in the PHI store, by claim check,
     * keyed by the original Study Instance UID. PHI zone.
     */
    public static final Topic<String, ResultObject> PHI_RESULT_OBJECT =
            topic("phi-result-object-v1", ResultObject.class);

    /** Every delivery attempt of a result object to a destination, keyed by Study Instance UID. PHI zone. */
    public static final Topic<String, ResultDelivery> PHI_RESULT_DELIVERY =
            topic("phi-result-delivery-v1", ResultDelivery.class);

    public static final List<Topic<String, ?>> ALL = List.of(
            PHI_RADIOGRAPH_RECEIVED,
            RADIOGRAPH_DEIDENTIFIED,
            RADIOGRAPH_SCORED,
            RADIOGRAPH_SCORED_SHADOW,
            TRIAGE_DECISION,
            WORKLIST_PRIORITY_CHANGED,
            PHI_WORKLIST_ALERT,
            DEAD_LETTER,
            PHI_DEAD_LETTER,
            PHI_DEID_AUDIT,
            TRIAGE_FEEDBACK,
            TRIAGE_DIAGNOSIS,
            TRIAGE_METRICS,
            PHI_RESULT_OBJECT,
            PHI_RESULT_DELIVERY);

    private Topics() {}

    private static <V extends org.apache.avro.specific.SpecificRecord> Topic<String, V> topic(
            String name, Class<V> type) {
        return new Topic<>(name, KEY, AvroSerde.of(type), type);
    }
}

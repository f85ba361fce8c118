package org.osteon.testsupport;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.osteon.schemas.topic.Topics;

/**
 * A real single-node KRaft broker that only speaks SASL_SSL, authenticates clients with SCRAM-SHA-512
 * and authorizes every request with Kafka's {@code StandardAuthorizer}, denying what no ACL allows.
 * The production shape (Strimzi with scram-sha-512 users and simple authorization) inside a test JVM.
 *
 * <p>The broker's own connection to itself uses SASL/PLAIN as the super user {@code admin}; that
 * user also creates SCRAM users and ACLs here, as Strimzi's operators do in a cluster. The controller
 * listener stays PLAINTEXT on loopback, so its anonymous principal must be a super user: KRaft
 * authorizes controller requests too.
 */
public final class SecuredKafka implements AutoCloseable {

    private static final String LISTENER = "SECURED";
    private static final String CONTROLLER = "CONTROLLER";
    private static final String ADMIN = "admin";

    private final KafkaClusterTestKit cluster;
    private final Path truststore;
    private final String storePassword;
    private final String adminPassword;

    private SecuredKafka(KafkaClusterTestKit cluster, Path truststore, String storePassword, String adminPassword) {
        this.cluster = cluster;
        this.truststore = truststore;
        this.storePassword = storePassword;
        this.adminPassword = adminPassword;
    }

    /** Makes a self-signed certificate for localhost, then formats and starts the broker. */
    public static SecuredKafka start(Path workDir) throws Exception {
        String storePassword = UUID.randomUUID().toString();
        String adminPassword = UUID.randomUUID().toString();
        Path keystore = workDir.resolve("broker.p12");
        Path truststore = workDir.resolve("truststore.p12");
        Path certificate = workDir.resolve("broker.pem");
        SelfSignedCertificate.create(keystore, certificate, "broker", storePassword);
        // Clients, the broker's own included, trust the certificate alone.
        SelfSignedCertificate.trustStore(certificate, truststore, storePassword);

        String prefix = "listener.name." + LISTENER.toLowerCase() + ".";
        KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .setBrokerListenerName(new ListenerName(LISTENER))
                        .setControllerListenerName(new ListenerName(CONTROLLER))
                        .build())
                // The test kit only sets up PLAINTEXT and SASL_PLAINTEXT itself; its protocol map yields to
                // an explicit one, so the broker listener is SASL_SSL with everything configured here.
                .setConfigProp(
                        "listener.security.protocol.map",
                        LISTENER + ":" + SecurityProtocol.SASL_SSL.name + "," + CONTROLLER + ":"
                                + SecurityProtocol.PLAINTEXT.name)
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("group.initial.rebalance.delay.ms", "0")
                .setConfigProp("sasl.enabled.mechanisms", "SCRAM-SHA-512,PLAIN")
                .setConfigProp("sasl.mechanism.inter.broker.protocol", "PLAIN")
                .setConfigProp(
                        prefix + "plain.sasl.jaas.config",
                        "org.apache.kafka.common.security.plain.PlainLoginModule"
                                + " required username=\"" + ADMIN + "\" password=\"" + adminPassword + "\" user_"
                                + ADMIN
                                + "=\"" + adminPassword + "\";")
                .setConfigProp(
                        prefix + "scram-sha-512.sasl.jaas.config",
                        "org.apache.kafka.common.security.scram.ScramLoginModule required;")
                .setConfigProp("ssl.keystore.type", "PKCS12")
                .setConfigProp("ssl.keystore.location", keystore.toString())
                .setConfigProp("ssl.keystore.password", storePassword)
                .setConfigProp("ssl.key.password", storePassword)
                .setConfigProp("ssl.truststore.type", "PKCS12")
                .setConfigProp("ssl.truststore.location", truststore.toString())
                .setConfigProp("ssl.truststore.password", storePassword)
                .setConfigProp("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer")
                .setConfigProp("allow.everyone.if.no.acl.found", "false")
                .setConfigProp("super.users", "User:" + ADMIN + ";User:ANONYMOUS")
                .build();
        try {
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new SecuredKafka(cluster, truststore, storePassword, adminPassword);
        } catch (Exception e) {
            // Broker threads are not daemons: a half-started broker would keep the JVM alive.
            cluster.close();
            throw e;
        }
    }

    public String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    /**
     * Client settings for a SCRAM user, by Kafka client key, with hostname verification on: exactly
     * what a service gets from {@code kafka.security.protocol}, {@code kafka.sasl.*} and {@code kafka.ssl.*}.
     */
    public Map<String, Object> clientSettings(String user, String password) {
        return Map.of(
                "bootstrap.servers",
                bootstrapServers(),
                "security.protocol",
                "SASL_SSL",
                "sasl.mechanism",
                "SCRAM-SHA-512",
                "sasl.jaas.config",
                "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"" + user + "\" password=\""
                        + password + "\";",
                "ssl.truststore.type",
                "PKCS12",
                "ssl.truststore.location",
                truststore.toString(),
                "ssl.truststore.password",
                storePassword);
    }

    /** The super user's settings (SASL/PLAIN), for setting the cluster up. */
    public Map<String, Object> adminSettings() {
        Map<String, Object> settings = new HashMap<>(clientSettings(ADMIN, adminPassword));
        settings.put("sasl.mechanism", "PLAIN");
        settings.put(
                "sasl.jaas.config",
                "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + ADMIN
                        + "\" password=\"" + adminPassword + "\";");
        return settings;
    }

    /** Creates every topic of the registry, as the Strimzi KafkaTopic resources do in a cluster. */
    public void createTopics(int partitions) throws Exception {
        try (Admin admin = Admin.create(adminSettings())) {
            admin.createTopics(Topics.ALL.stream()
                            .map(topic -> new NewTopic(topic.name(), partitions, (short) 1))
                            .toList())
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /** Creates a SCRAM-SHA-512 user with the ACLs of one service principal. */
    public void addUser(String user, String password, ServiceAccess access) throws Exception {
        try (Admin admin = Admin.create(adminSettings())) {
            admin.alterUserScramCredentials(List.of(new UserScramCredentialUpsertion(
                            user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, 4096), password)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            admin.createAcls(acls("User:" + user, access)).all().get(30, TimeUnit.SECONDS);
            // Credentials and ACLs reach the broker through the metadata log: wait until both are visible.
            Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
            while (admin.describeUserScramCredentials(List.of(user))
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .isEmpty()) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("SCRAM credentials of " + user + " never appeared");
                }
                Thread.sleep(100);
            }
        }
    }

    /**
     * The ACLs of one principal, the way Strimzi's simple authorization writes them for the chart's
     * KafkaUser: Read and Describe on what it reads, Write and Describe on what it writes, Read on its
     * groups, Write and Describe on its transactional ids, everything on its internal-topic prefix.
     */
    static List<AclBinding> acls(String principal, ServiceAccess access) {
        List<AclBinding> acls = new ArrayList<>();
        for (String topic : access.read()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.READ));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (String topic : access.write()) {
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.WRITE));
            acls.add(allow(principal, ResourceType.TOPIC, topic, PatternType.LITERAL, AclOperation.DESCRIBE));
        }
        for (String group : access.groups()) {
            acls.add(allow(principal, ResourceType.GROUP, group, PatternType.LITERAL, AclOperation.READ));
        }
        access.transactionalIdPrefix().ifPresent(prefix -> {
            acls.add(allow(principal, ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.WRITE));
            acls.add(allow(
                    principal, ResourceType.TRANSACTIONAL_ID, prefix, PatternType.PREFIXED, AclOperation.DESCRIBE));
        });
        access.internalTopicPrefix().ifPresent(prefix -> {
            acls.add(allow(principal, ResourceType.TOPIC, prefix, PatternType.PREFIXED, AclOperation.ALL));
            acls.add(allow(principal, ResourceType.GROUP, prefix, PatternType.PREFIXED, AclOperation.READ));
        });
        return acls;
    }

    private static AclBinding allow(
            String principal, ResourceType type, String name, PatternType pattern, AclOperation operation) {
        return new AclBinding(
                new ResourcePattern(type, name, pattern),
                new AccessControlEntry(principal, "*", operation, AclPermissionType.ALLOW));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
        Files.deleteIfExists(truststore);
    }
}

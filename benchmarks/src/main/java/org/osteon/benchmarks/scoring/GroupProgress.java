package org.osteon.benchmarks.scoring;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;

/**
 * What the broker knows about one consumer group on one topic: whether every instance has joined, and
 * how many records the group has committed since it was created. Committed offsets, not polled
 * records, because a record only counts once its outputs and offset are in one committed transaction.
 *
 * <p>Cells of the benchmark reuse a topic, so a new group is first given committed offsets at the
 * topic's current end ({@link #startAtEnd}): its members then read only what is loaded for them.
 */
final class GroupProgress implements AutoCloseable {

    private final Admin admin;
    private final String group;
    private final String topic;
    private long base;

    GroupProgress(String bootstrapServers, String group, String topic) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
        this.group = group;
        this.topic = topic;
    }

    /** Commits the topic's end offsets for the (still empty) group, before any member joins. */
    void startAtEnd(int partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < partitions; p++) {
            latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
        }
        Map<TopicPartition, OffsetAndMetadata> start = new HashMap<>();
        base = 0;
        for (var e : admin.listOffsets(latest).all().get().entrySet()) {
            ListOffsetsResult.ListOffsetsResultInfo info = e.getValue();
            start.put(e.getKey(), new OffsetAndMetadata(info.offset()));
            base += info.offset();
        }
        admin.alterConsumerGroupOffsets(group, start).all().get();
    }

    /** True once the group is stable with {@code members} members, so no rebalance is still under way. */
    boolean stableWith(int members) throws Exception {
        ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group))
                .describedGroups()
                .get(group)
                .get();
        return d.groupState() == GroupState.STABLE && d.members().size() == members;
    }

    /** Records of the topic committed by the group since {@link #startAtEnd}. */
    long committed() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get();
        long sum = 0;
        for (var e : offsets.entrySet()) {
            if (e.getKey().topic().equals(topic) && e.getValue() != null) {
                sum += e.getValue().offset();
            }
        }
        return sum - base;
    }

    @Override
    public void close() {
        admin.close();
    }
}

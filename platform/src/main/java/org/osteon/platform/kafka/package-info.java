/**
 * Kafka plumbing every service shares, written once: client settings with the cluster's security
 * ({@link org.osteon.platform.kafka.KafkaClientSettings}), the acknowledged publisher
 * ({@link org.osteon.platform.kafka.DurablePublisher}) and topic creation.
 */
package org.osteon.platform.kafka;

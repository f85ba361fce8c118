package org.osteon.worklist.store;

/**
 * Result of storing one decision.
 *
 * @param duplicate true when the decision's event id was already applied: nothing changed, and
 *     {@code applied} is what the first delivery committed
 * @param alert the alert this decision raised (also on a redelivery, so it can be republished); null
 *     when it raised none
 */
public record DecisionCommit(AppliedDecision applied, WorklistRow row, boolean duplicate, AlertRecord alert) {}

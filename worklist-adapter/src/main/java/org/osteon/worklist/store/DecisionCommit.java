package org.osteon.worklist.store;

/**
 * Result of storing one decision.
 *
 * @param duplicate true when the decision's event id was already applied: nothing changed, and
 *     {@code applied} is what the first delivery committed
 */
public record DecisionCommit(AppliedDecision applied, WorklistRow row, boolean duplicate) {
}

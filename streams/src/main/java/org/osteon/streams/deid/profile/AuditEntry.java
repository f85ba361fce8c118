package org.osteon.streams.deid.profile;

/**
 * What was done to one attribute, never its value: enough for a privacy officer to check the profile
 * was applied, without the audit itself becoming a copy of the PHI.
 *
 * @param path where the attribute sat, e.g. {@code (0040,0275)[0]/(0040,1001)} inside a sequence item
 * @param action the action applied (D Z X K C U)
 * @param basis why: {@code basic} for the Basic Profile row, an option name, {@code private}, {@code uid}
 *              for a UID outside the table, or {@code pseudonym}
 */
public record AuditEntry(String path, String name, Action action, String basis) {}

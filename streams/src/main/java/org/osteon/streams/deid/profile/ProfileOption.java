package org.osteon.streams.deid.profile;

/**
 * An option of PS3.15 Annex E, with its code from CID 7050 (De-identification Method), recorded in
 * the De-identification Method Code Sequence of every object it was applied to.
 */
public record ProfileOption(String name, String code, String meaning, boolean enabledByDefault) {}

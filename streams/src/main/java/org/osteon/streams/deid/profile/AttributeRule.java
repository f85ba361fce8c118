package org.osteon.streams.deid.profile;

import java.util.Map;

/**
 * One row of the profile: what the Basic Profile does to an attribute, and what each option does
 * instead. The basic action is stored as written (it may be a combined code such as {@code X/Z/D}).
 */
public record AttributeRule(TagPattern tag, String basicCode, Map<String, Action> optionActions, String name) {}

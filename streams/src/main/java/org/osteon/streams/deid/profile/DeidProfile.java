package org.osteon.streams.deid.profile;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A de-identification profile read from its declarative file (see
 * {@code streams/src/main/resources/deid/ps3.15-basic-2024b.profile} for the format): the Annex E
 * table, the options and what each changes, the safe private attributes and the pixel masks.
 */
public record DeidProfile(
        String id,
        String version,
        String standard,
        Map<String, ProfileOption> options,
        Map<String, VrRule> vrRules,
        Map<Integer, AttributeRule> exactRules,
        List<AttributeRule> wildcardRules,
        Map<String, Action> combined,
        List<PrivateAllowance> safePrivate,
        List<PixelMask> masks,
        Set<String> burnedInRiskModalities) {

    /** The profile shipped with Osteon, on the class path. */
    public static final String DEFAULT_RESOURCE = "/deid/ps3.15-basic-2024b.profile";

    /** When {@code option} is on, attributes with one of these VRs take {@code action} unless their row says otherwise. */
    public record VrRule(String option, Set<String> vrs, Action action) {}

    public static DeidProfile loadDefault() {
        try (InputStream in = DeidProfile.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("profile " + DEFAULT_RESOURCE + " missing from the class path");
            }
            return ProfileParser.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), DEFAULT_RESOURCE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Parses profile text; {@code source} names it in error messages. */
    public static DeidProfile parse(String text, String source) {
        return ProfileParser.parse(text, source);
    }

    public static DeidProfile load(Path file) throws IOException {
        return ProfileParser.parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
    }

    /** The rule for one attribute of the data set, if the table lists it. */
    public Optional<AttributeRule> ruleFor(int group, int element) {
        AttributeRule exact = exactRules.get((group << 16) | element);
        if (exact != null) {
            return Optional.of(exact);
        }
        return wildcardRules.stream()
                .filter(r -> r.tag().matches(group, element))
                .findFirst();
    }

    /** Every row of the table: what a test must plant to prove coverage. */
    public List<AttributeRule> rules() {
        var all = new java.util.ArrayList<AttributeRule>(exactRules.values());
        all.addAll(wildcardRules);
        return all;
    }

    /** The action for one attribute, and why: {@code basic <code>}, or the name of the option that decided. */
    public record Resolution(Action action, String basis) {}

    /**
     * The action for an attribute with this VR under the options in force: the row's own option
     * actions first (the most retaining wins when several options apply), then VR-wide option rules,
     * then the Basic Profile, with a combined code resolved as the profile says.
     */
    public Resolution resolution(AttributeRule rule, String vr, Set<String> enabledOptions) {
        Action chosen = null;
        String chosenOption = null;
        for (var entry : rule.optionActions().entrySet()) {
            if (enabledOptions.contains(entry.getKey())
                    && (chosen == null || retention(entry.getValue()) > retention(chosen))) {
                chosen = entry.getValue();
                chosenOption = entry.getKey();
            }
        }
        if (chosen != null) {
            return new Resolution(chosen, chosenOption);
        }
        for (VrRule vrRule : vrRules.values()) {
            if (enabledOptions.contains(vrRule.option())
                    && vr != null
                    && vrRule.vrs().contains(vr)) {
                return new Resolution(vrRule.action(), vrRule.option());
            }
        }
        return new Resolution(resolve(rule.basicCode()), "basic " + rule.basicCode());
    }

    /** {@link #resolution}'s action alone. */
    public Action actionFor(AttributeRule rule, String vr, Set<String> enabledOptions) {
        return resolution(rule, vr, enabledOptions).action();
    }

    /** A basic-profile code as applied: single letters as they are, combined codes as configured. */
    public Action resolve(String code) {
        if (code.contains("/")) {
            Action action = combined.get(code);
            if (action == null) {
                throw new IllegalStateException("profile " + id + " does not say how to apply combined code " + code);
            }
            return action;
        }
        return Action.of(code);
    }

    /** K keeps everything, C keeps what is safe, the rest keep nothing of the original value. */
    private static int retention(Action action) {
        return switch (action) {
            case K -> 3;
            case C -> 2;
            case U -> 1;
            default -> 0;
        };
    }
}

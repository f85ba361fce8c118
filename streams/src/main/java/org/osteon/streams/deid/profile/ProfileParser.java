package org.osteon.streams.deid.profile;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads the tab-separated profile format; every error names the file and line. */
final class ProfileParser {

    private ProfileParser() {}

    static DeidProfile parse(String text, String source) {
        String id = null;
        String version = null;
        String standard = null;
        Map<String, ProfileOption> options = new LinkedHashMap<>();
        Map<String, DeidProfile.VrRule> vrRules = new LinkedHashMap<>();
        Map<Integer, AttributeRule> exact = new LinkedHashMap<>();
        List<AttributeRule> wildcards = new ArrayList<>();
        Map<String, Action> combined = new HashMap<>();
        List<PrivateAllowance> safePrivate = new ArrayList<>();
        List<PixelMask> masks = new ArrayList<>();
        Set<String> risky = new LinkedHashSet<>();
        String[] lines = text.split("\n", -1);
        for (int n = 0; n < lines.length; n++) {
            String line = lines[n].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] f = lines[n].strip().split("\t");
            String where = source + ":" + (n + 1);
            try {
                switch (f[0]) {
                    case "profile" -> id = field(f, 1);
                    case "version" -> version = field(f, 1);
                    case "standard" -> standard = field(f, 1);
                    case "option" -> {
                        String state = field(f, 4);
                        if (!state.equals("on") && !state.equals("off")) {
                            throw new IllegalArgumentException("option default must be on or off, not " + state);
                        }
                        options.put(
                                field(f, 1),
                                new ProfileOption(field(f, 1), field(f, 2), field(f, 3), state.equals("on")));
                    }
                    case "vr-rule" -> {
                        String option = known(options, field(f, 1));
                        Set<String> vrs = Arrays.stream(field(f, 2).split(","))
                                .map(String::strip)
                                .collect(Collectors.toSet());
                        vrRules.put(option, new DeidProfile.VrRule(option, vrs, Action.of(field(f, 3))));
                    }
                    case "combined" -> combined.put(field(f, 1), Action.of(field(f, 2)));
                    case "attr" -> {
                        AttributeRule rule = attribute(f, options);
                        if (rule.tag().isExact()) {
                            if (exact.put(rule.tag().key(), rule) != null) {
                                throw new IllegalArgumentException(
                                        "tag " + rule.tag().text() + " listed twice");
                            }
                        } else {
                            wildcards.add(rule);
                        }
                    }
                    case "private" -> {
                        TagPattern tag = TagPattern.parse(field(f, 1));
                        if (tag.group() % 2 == 0 || tag.elementMask() != 0x00FF) {
                            throw new IllegalArgumentException(
                                    "a private row needs an odd group and an element like (gggg,xxee)");
                        }
                        safePrivate.add(new PrivateAllowance(
                                tag.group(), tag.element(), field(f, 2), field(f, 3), field(f, 4)));
                    }
                    case "mask" -> masks.add(mask(f));
                    case "burned-in-risk" ->
                        Arrays.stream(field(f, 1).split(","))
                                .map(s -> s.strip().toUpperCase(Locale.ROOT))
                                .forEach(risky::add);
                    default -> throw new IllegalArgumentException("unknown line type '" + f[0] + "'");
                }
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(where + ": " + e.getMessage(), e);
            }
        }
        require(id, "profile", source);
        require(version, "version", source);
        require(standard, "standard", source);
        for (AttributeRule rule : exact.values()) {
            checkCombined(rule, combined, source);
        }
        for (AttributeRule rule : wildcards) {
            checkCombined(rule, combined, source);
        }
        return new DeidProfile(
                id,
                version,
                standard,
                Map.copyOf(options),
                Map.copyOf(vrRules),
                Map.copyOf(exact),
                List.copyOf(wildcards),
                Map.copyOf(combined),
                List.copyOf(safePrivate),
                List.copyOf(masks),
                Set.copyOf(risky));
    }

    private static AttributeRule attribute(String[] f, Map<String, ProfileOption> options) {
        TagPattern tag = TagPattern.parse(field(f, 1));
        String basic = field(f, 2);
        if (!basic.contains("/")) {
            Action.of(basic);
        }
        Map<String, Action> optionActions = new LinkedHashMap<>();
        String overrides = field(f, 3);
        if (!overrides.equals("-")) {
            for (String pair : overrides.split(",")) {
                String[] kv = pair.split("=");
                if (kv.length != 2) {
                    throw new IllegalArgumentException("option override '" + pair + "' is not option=action");
                }
                optionActions.put(known(options, kv[0].strip()), Action.of(kv[1].strip()));
            }
        }
        return new AttributeRule(tag, basic, Map.copyOf(optionActions), field(f, 4));
    }

    private static PixelMask mask(String[] f) {
        String[] size = field(f, 2).split("x");
        if (size.length != 2) {
            throw new IllegalArgumentException("mask size must be <columns>x<rows>");
        }
        List<PixelMask.Rectangle> regions = new ArrayList<>();
        for (String region : field(f, 3).split(";")) {
            String[] r = region.split(",");
            if (r.length != 4) {
                throw new IllegalArgumentException("mask region must be x,y,width,height: " + region);
            }
            regions.add(new PixelMask.Rectangle(
                    Integer.parseInt(r[0].strip()),
                    Integer.parseInt(r[1].strip()),
                    Integer.parseInt(r[2].strip()),
                    Integer.parseInt(r[3].strip())));
        }
        return new PixelMask(
                field(f, 1),
                Integer.parseInt(size[0].strip()),
                Integer.parseInt(size[1].strip()),
                List.copyOf(regions),
                field(f, 4));
    }

    private static void checkCombined(AttributeRule rule, Map<String, Action> combined, String source) {
        if (rule.basicCode().contains("/") && !combined.containsKey(rule.basicCode())) {
            throw new IllegalArgumentException(source + ": no 'combined' line resolves " + rule.basicCode()
                    + " used by " + rule.tag().text());
        }
        if (!rule.basicCode().contains("/")) {
            Action.of(rule.basicCode());
        }
    }

    private static String known(Map<String, ProfileOption> options, String name) {
        if (!options.containsKey(name)) {
            throw new IllegalArgumentException("option '" + name + "' is not declared by an 'option' line above");
        }
        return name;
    }

    private static String field(String[] f, int i) {
        if (i >= f.length || f[i].isBlank()) {
            throw new IllegalArgumentException("'" + f[0] + "' line needs field " + (i + 1));
        }
        return f[i].strip();
    }

    private static void require(String value, String what, String source) {
        if (value == null) {
            throw new IllegalArgumentException(source + ": no '" + what + "' line");
        }
    }
}

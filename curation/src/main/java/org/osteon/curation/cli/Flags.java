package org.osteon.curation.cli;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --name value} options, each known in advance and given at most once. */
final class Flags {

    private final Map<String, String> values = new HashMap<>();

    Flags(String[] args, int from, Set<String> known) {
        for (int i = from; i < args.length; i++) {
            String flag = args[i];
            if (!flag.startsWith("--") || !known.contains(flag.substring(2))) {
                throw new UsageException("unknown option " + flag);
            }
            if (i + 1 >= args.length) {
                throw new UsageException("missing value for " + flag);
            }
            if (values.put(flag.substring(2), args[++i]) != null) {
                throw new UsageException(flag + " given twice");
            }
        }
    }

    String get(String name, String fallback) {
        return values.getOrDefault(name, fallback);
    }

    String required(String name, String fallback) {
        String value = values.getOrDefault(name, fallback);
        if (value == null || value.isBlank()) {
            throw new UsageException("--" + name + " is required");
        }
        return value;
    }

    long number(String name, long fallback, long min, long max) {
        String value = values.get(name);
        if (value == null) {
            return fallback;
        }
        try {
            long n = Long.parseLong(value);
            if (n < min || n > max) {
                throw new UsageException("--" + name + " must be between " + min + " and " + max);
            }
            return n;
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " takes a whole number, not " + value);
        }
    }
}

package org.osteon.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Pattern;

/**
 * Finds secrets with a value in an application's shipped configuration. A key, a password or a
 * credential may have a default only under the {@code %dev} or {@code %test} profile; in production it
 * must come from the environment or a mounted Secret, so a missing one stops start-up instead of
 * running on a value everybody can read in the source.
 */
public final class SecretDefaults {

    private static final Pattern SECRET_KEY =
            Pattern.compile("(?i).*(secret|password|passwd|jaas|credential|private-key|api-key|token).*");

    private SecretDefaults() {}

    /** Keys of {@code application.properties} on the classpath that give a secret a production value. */
    public static List<String> inApplicationProperties() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = SecretDefaults.class.getClassLoader().getResourceAsStream("application.properties")) {
            if (in == null) {
                throw new IllegalStateException("no application.properties on the classpath");
            }
            properties.load(in);
        }
        List<String> offending = new ArrayList<>();
        for (String key : properties.stringPropertyNames()) {
            String value = properties.getProperty(key).trim();
            boolean profileScoped = key.startsWith("%dev.") || key.startsWith("%test.");
            // ${ENV_VAR} with no default after a colon: the value comes from outside.
            boolean fromEnvironment = value.matches("\\$\\{[^:}]+}");
            if (SECRET_KEY.matcher(key).matches() && !value.isEmpty() && !profileScoped && !fromEnvironment) {
                offending.add(key);
            }
        }
        return offending;
    }
}

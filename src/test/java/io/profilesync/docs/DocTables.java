package io.profilesync.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import io.profilesync.batching.BatchLimits;
import io.profilesync.destination.DeliveryDefaults;
import io.profilesync.destination.Destination;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/**
 * The tables of docs/ that restate the code, generated from it: configuration keys from the {@code @ConfigMapping}
 * interfaces (key, {@code @WithDefault}, the first sentence of the method's javadoc), and each destination's limits and
 * defaults from its {@link Destination} bean (its formats' {@link BatchLimits}, {@link Destination#delivery()}) and its REST
 * client's {@code @RegisterRestClient}. Each table has a name; a page holds it between
 * {@code <!-- generated:NAME -->} and {@code <!-- end -->}.
 */
final class DocTables {

    private static final Path SOURCES = Path.of("src/main/java");
    private static final String BASE = "io.profilesync";

    private DocTables() {
    }

    /** Every generated table by name. */
    static Map<String, String> all() {
        Map<String, String> tables = new LinkedHashMap<>();
        List<Class<?>> classes = classes();
        List<Class<?>> mappings = classes.stream().filter(type -> type.isAnnotationPresent(ConfigMapping.class))
                .sorted(Comparator.comparing(type -> type.getAnnotation(ConfigMapping.class).prefix())).toList();
        tables.put("config-keys", configTable(mappings.stream().filter(type -> !type.getPackageName().startsWith(BASE + ".destination.")).toList()));
        List<Destination> destinations = destinations(classes);
        tables.put("destination-limits", limitsTable(destinations));
        for (Destination destination : destinations) {
            String pkg = destination.getClass().getPackageName();
            tables.put("destination-" + destination.name(), destinationTable(destination, classes));
            tables.put("config-keys-" + destination.name(), configTable(mappings.stream().filter(type -> type.getPackageName().equals(pkg)).toList()));
        }
        return tables;
    }

    // configuration keys

    record Key(String key, String defaultValue, String meaning) {
    }

    static String configTable(List<Class<?>> mappings) {
        StringBuilder table = new StringBuilder("| key | default | what |\n| --- | --- | --- |\n");
        for (Class<?> mapping : mappings) {
            for (Key key : keys(mapping.getAnnotation(ConfigMapping.class).prefix(), mapping)) {
                table.append("| `").append(key.key()).append("` | ").append(key.defaultValue()).append(" | ").append(key.meaning()).append(" |\n");
            }
        }
        return table.toString();
    }

    static List<Key> keys(String prefix, Class<?> group) {
        List<Key> keys = new ArrayList<>();
        List<Method> methods = Stream.of(group.getMethods())
                .filter(method -> !method.isDefault() && !Modifier.isStatic(method.getModifiers()) && method.getParameterCount() == 0)
                .filter(method -> !isDefaultIn(group, method)).sorted(Comparator.comparing(Method::getName)).toList();
        for (Method method : methods) {
            String key = prefix + "." + kebab(method.getName());
            Type type = method.getGenericReturnType();
            Class<?> raw = method.getReturnType();
            if (raw == Map.class && isGroup(argument(type, 1))) {
                keys.addAll(keys(key + ".<" + singular(method.getName()) + ">", (Class<?>) argument(type, 1)));
            } else if (raw == Optional.class && isGroup(argument(type, 0))) {
                keys.addAll(keys(key, (Class<?>) argument(type, 0)));
            } else if (isGroup(type)) {
                keys.addAll(keys(key, raw));
            } else {
                WithDefault value = method.getAnnotation(WithDefault.class);
                keys.add(new Key(key, value == null ? "none" : readable(value.value(), raw), javadoc(method)));
            }
        }
        return keys;
    }

    private static boolean isDefaultIn(Class<?> group, Method method) {
        try {
            return group.getMethod(method.getName()).isDefault();
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    private static Type argument(Type type, int index) {
        return type instanceof ParameterizedType parameterized ? parameterized.getActualTypeArguments()[index] : Object.class;
    }

    private static boolean isGroup(Type type) {
        return type instanceof Class<?> raw && raw.isInterface() && raw.getName().startsWith(BASE);
    }

    private static String singular(String name) {
        return name.endsWith("s") ? name.substring(0, name.length() - 1) : name;
    }

    static String kebab(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** A default as a person reads it: byte counts in MiB/GiB when they are whole ones. */
    private static String readable(String value, Class<?> type) {
        if ((type == long.class || type == Long.class) && value.matches("\\d{7,}")) {
            long bytes = Long.parseLong(value);
            if (bytes % (1L << 30) == 0) {
                return "`" + value + "` (" + (bytes >> 30) + " GiB)";
            }
            if (bytes % (1L << 20) == 0) {
                return "`" + value + "` (" + (bytes >> 20) + " MiB)";
            }
        }
        return "`" + value + "`";
    }

    /** The first sentence of the method's javadoc in its source file, on one line. */
    static String javadoc(Method method) {
        Class<?> declaring = method.getDeclaringClass();
        Class<?> top = declaring;
        while (top.getEnclosingClass() != null) {
            top = top.getEnclosingClass();
        }
        String source;
        try {
            source = Files.readString(SOURCES.resolve(top.getName().replace('.', '/') + ".java"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String body = withoutNestedTypes(bodyOf(source, declaring.getSimpleName()));
        Matcher doc = Pattern.compile("/\\*\\*((?:(?!\\*/).)*)\\*/\\s*(?:@\\w+(?:\\([^)]*\\))?\\s*)*[\\w<>, .?]+\\s+"
                + method.getName() + "\\(\\)\\s*;", Pattern.DOTALL).matcher(body);
        if (!doc.find()) {
            return "";
        }
        String text = doc.group(1).replaceAll("(?m)^\\s*\\* ?", " ").replaceAll("\\s+", " ").trim()
                .replaceAll("\\{@(?:code|link|linkplain) ([^}]*)}", "`$1`").replace("|", "\\|");
        Matcher sentence = Pattern.compile("^(.*?\\.)(?=\\s+[A-Z(]|$)").matcher(text);
        return sentence.find() ? sentence.group(1) : text;
    }

    private static String bodyOf(String source, String name) {
        Matcher start = Pattern.compile("\\binterface " + name + "\\b[^{]*\\{").matcher(source);
        if (!start.find()) {
            return "";
        }
        return source.substring(start.end(), closing(source, start.end()));
    }

    private static String withoutNestedTypes(String body) {
        StringBuilder out = new StringBuilder();
        Matcher nested = Pattern.compile("\\binterface \\w+[^{]*\\{").matcher(body);
        int from = 0;
        while (nested.find(from)) {
            out.append(body, from, nested.start());
            from = closing(body, nested.end()) + 1;
        }
        return out.append(body.substring(Math.min(from, body.length()))).toString();
    }

    /** The index of the brace closing the one just before {@code from}. */
    private static int closing(String text, int from) {
        int depth = 1;
        for (int i = from; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        return text.length();
    }

    // destinations

    static String limitsTable(List<Destination> destinations) {
        StringBuilder table = new StringBuilder("| destination | items per request | bytes per request body | requests a minute (per function instance) |\n| --- | ---: | ---: | ---: |\n");
        for (Destination destination : destinations) {
            BatchLimits limits = limits(destination);
            table.append("| ").append(destination.name()).append(" | ").append(number(limits.maxItems())).append(" | ")
                    .append(limits.maxBytes() == Long.MAX_VALUE ? "none" : number(limits.maxBytes())).append(" | ")
                    .append(destination.delivery().requestsPerMinute().isPresent() ? number(destination.delivery().requestsPerMinute().getAsInt()) : "none")
                    .append(" |\n");
        }
        return table.toString();
    }

    static String destinationTable(Destination destination, List<Class<?>> classes) {
        BatchLimits limits = limits(destination);
        DeliveryDefaults delivery = destination.delivery();
        RegisterRestClient client = classes.stream().filter(type -> type.getPackageName().equals(destination.getClass().getPackageName()))
                .map(type -> type.getAnnotation(RegisterRestClient.class)).filter(annotation -> annotation != null).findFirst()
                .orElseThrow(() -> new AssertionError(destination.name() + " has no @RegisterRestClient interface in its package"));
        String url = client.baseUri().endsWith(".invalid") ? "none: must be set" : "`" + client.baseUri() + "`";
        String settings = "profile-sync.destinations." + destination.name() + ".";
        String rest = "QUARKUS_REST_CLIENT_" + client.configKey().toUpperCase(Locale.ROOT).replace('-', '_') + "_URL";
        return "| what | default | setting |\n| --- | --- | --- |\n"
                + "| name (mappings, configuration, S3 keys, reports) | `" + destination.name() + "` | |\n"
                + "| API URL | " + url + " | `" + rest + "` |\n"
                + "| items per request | " + number(limits.maxItems()) + " | `" + settings + "max-items` (lower only) |\n"
                + "| bytes per request body | " + (limits.maxBytes() == Long.MAX_VALUE ? "none" : number(limits.maxBytes())) + " | `" + settings + "max-bytes` (lower only) |\n"
                + "| requests a minute, per function instance | " + (delivery.requestsPerMinute().isPresent() ? number(delivery.requestsPerMinute().getAsInt()) : "none")
                + " | `" + settings + "requests-per-minute` (lower only) |\n"
                + "| retries of a request within an invocation | " + delivery.maxRetries() + " | `" + settings + "max-retries` |\n"
                + "| first retry's backoff, then doubled with jitter | " + duration(delivery.initialBackoff()) + " | `" + settings + "initial-backoff` |\n"
                + "| longest backoff | " + duration(delivery.maxBackoff()) + " | `" + settings + "max-backoff` |\n"
                + "| one attempt's timeout | " + duration(delivery.attemptTimeout()) + " | `" + settings + "attempt-timeout` |\n"
                + "| circuit breaker: requests judged, failure ratio, open for | " + delivery.breakerRequests() + ", " + delivery.breakerFailureRatio() + ", "
                + duration(delivery.breakerDelay()) + " | `" + settings + "breaker-requests`, `breaker-failure-ratio`, `breaker-delay` |\n";
    }

    /** The limits a batch of this destination is cut to (every stream of a destination shares its format's limits). */
    static BatchLimits limits(Destination destination) {
        return destination.mapper(null, Optional.empty()).format("users").limits();
    }

    private static String number(long value) {
        return String.format(Locale.ROOT, "%,d", value);
    }

    private static String duration(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
    }

    static List<Destination> destinations(List<Class<?>> classes) {
        return classes.stream().filter(type -> Destination.class.isAssignableFrom(type) && !type.isInterface() && type.getPackageName().startsWith(BASE + ".destination."))
                .map(type -> {
                    try {
                        return (Destination) type.getDeclaredConstructor().newInstance();
                    } catch (ReflectiveOperationException e) {
                        throw new AssertionError("cannot make " + type + " for the docs", e);
                    }
                }).sorted(Comparator.comparing(Destination::name)).toList();
    }

    /** Every top-level production class (test sources' destinations, such as acme, are not the product's). */
    static List<Class<?>> classes() {
        Path root = Path.of("target/classes");
        try (Stream<Path> files = Files.walk(root)) {
            return files.map(file -> root.relativize(file).toString())
                    .filter(file -> file.endsWith(".class") && !file.contains("$"))
                    .map(file -> file.substring(0, file.length() - ".class".length()).replace('/', '.'))
                    .filter(name -> name.startsWith(BASE + ".")).sorted().map(DocTables::load).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Class<?> load(String name) {
        try {
            return Class.forName(name, false, DocTables.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
    }
}

package org.tessera.itests.karaf;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * The metric names the distribution's Grafana dashboard ({@code etc/grafana/tessera.json}) and
 * Prometheus alert rules ({@code etc/prometheus/tessera-alerts.yml}) ask for, and the names a server's
 * {@code /metrics} text exports, so that a test can tell a panel or an alert that would stay empty
 * because its series does not exist (a typo, a renamed meter, a meter that is gone).
 */
final class MetricNames {

    /** A PromQL expression where it was found: the panel's or the rule's title, for the failure message. */
    record Expression(String where, String promql) {
    }

    // The prefixes of the series the server exports: Tessera's own and Micrometer's JVM and process binders.
    private static final Pattern NAME = Pattern.compile("(?<![A-Za-z0-9_:$])((?:tessera|jvm|process|system)_[A-Za-z0-9_:]*)");
    // A PromQL string literal: label values and regexes, which may look like names and are none.
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern TYPE_LINE = Pattern.compile("# (?:TYPE|HELP) (\\S+)(?: (\\S+))?.*");
    private static final List<String> SERIES_SUFFIXES = List.of("_bucket", "_count", "_sum");

    private MetricNames() {
    }

    /** The metric names of one expression, in the order of their first use. */
    static Set<String> in(String promql) {
        Matcher m = NAME.matcher(STRING.matcher(promql).replaceAll("\"\""));
        Set<String> names = new java.util.LinkedHashSet<>();
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * What an exposition in Prometheus's text format exports: every sample's name, and every name of a
     * {@code # HELP} or {@code # TYPE} line (Micrometer writes them once a meter exists, whether or not a
     * sample has been recorded yet), the histograms and summaries among them marked as such.
     */
    record Exported(Set<String> names, Set<String> histograms) {

        static Exported from(String text) {
            Set<String> names = new TreeSet<>();
            Set<String> histograms = new TreeSet<>();
            for (String line : text.split("\n")) {
                if (line.isEmpty()) {
                    continue;
                }
                Matcher type = TYPE_LINE.matcher(line);
                if (type.matches()) {
                    names.add(type.group(1));
                    if (line.startsWith("# TYPE ") && ("histogram".equals(type.group(2)) || "summary".equals(type.group(2)))) {
                        histograms.add(type.group(1));
                    }
                } else if (!line.startsWith("#")) {
                    int end = line.indexOf('{');
                    names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
                }
            }
            return new Exported(names, histograms);
        }

        /**
         * A name as the expression uses it, checked against this exposition: a histogram's or summary's
         * {@code _bucket}, {@code _count} or {@code _sum} is checked as the histogram's own name.
         */
        boolean exports(String name) {
            for (String suffix : SERIES_SUFFIXES) {
                if (name.endsWith(suffix)) {
                    String base = name.substring(0, name.length() - suffix.length());
                    if (histograms.contains(base)) {
                        return true;
                    }
                }
            }
            return names.contains(name);
        }
    }

    /** Each metric name that an expression uses and the exposition lacks, with where it is used. */
    static Map<String, List<String>> missing(List<Expression> expressions, Exported exported) {
        Map<String, List<String>> missing = new TreeMap<>();
        for (Expression e : expressions) {
            for (String name : in(e.promql())) {
                if (!exported.exports(name)) {
                    missing.computeIfAbsent(name, n -> new ArrayList<>()).add(e.where());
                }
            }
        }
        return missing;
    }

    /**
     * Every PromQL expression of a Grafana dashboard: each panel's targets (rows' nested panels too) and
     * each query variable's query, named by the panel's or the variable's title.
     */
    @SuppressWarnings("unchecked")
    static List<Expression> ofDashboard(Path json) throws IOException {
        // JSON is YAML's flow style: SnakeYAML reads a Grafana export as it is.
        Map<String, Object> dashboard = (Map<String, Object>) load(json);
        List<Expression> expressions = new ArrayList<>();
        collectPanels((List<Object>) dashboard.get("panels"), expressions);
        Map<String, Object> templating = (Map<String, Object>) dashboard.get("templating");
        for (Object variable : (List<Object>) templating.get("list")) {
            Map<String, Object> v = (Map<String, Object>) variable;
            if ("query".equals(v.get("type"))) {
                Object query = v.get("query");
                String promql = query instanceof Map<?, ?> q ? (String) q.get("query") : (String) query;
                expressions.add(new Expression("variable " + v.get("name"), promql));
            }
        }
        return expressions;
    }

    @SuppressWarnings("unchecked")
    private static void collectPanels(List<Object> panels, List<Expression> expressions) {
        if (panels == null) {
            return;
        }
        for (Object p : panels) {
            Map<String, Object> panel = (Map<String, Object>) p;
            List<Object> targets = (List<Object>) panel.get("targets");
            if (targets != null) {
                for (Object t : targets) {
                    Object expr = ((Map<String, Object>) t).get("expr");
                    if (expr != null) {
                        expressions.add(new Expression("panel \"" + panel.get("title") + "\"", (String) expr));
                    }
                }
            }
            collectPanels((List<Object>) panel.get("panels"), expressions);
        }
    }

    /** Every rule's expression of a Prometheus rule file, named by the rule's alert or record name. */
    @SuppressWarnings("unchecked")
    static List<Expression> ofRules(Path yaml) throws IOException {
        Map<String, Object> file = (Map<String, Object>) load(yaml);
        List<Expression> expressions = new ArrayList<>();
        for (Object group : (List<Object>) file.get("groups")) {
            for (Object r : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                Map<String, Object> rule = (Map<String, Object>) r;
                Object name = rule.containsKey("alert") ? rule.get("alert") : rule.get("record");
                expressions.add(new Expression("rule " + name, (String) rule.get("expr")));
            }
        }
        return expressions;
    }

    static Object load(Path file) throws IOException {
        return new Yaml(new LoaderOptions()).load(Files.readString(file));
    }
}

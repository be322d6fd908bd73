package org.tessera.example.sql.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A configured query with named parameters ({@code :local}), turned once into JDBC's positional {@code ?}
 * form; the values are always bound, never put into the text, so an address cannot change the query.
 */
final class NamedQuery {

    /** The parameters a query may name. */
    static final Set<String> NAMES = Set.of("local", "domain", "ext", "address");

    private final String sql;
    private final List<String> order;

    private NamedQuery(String sql, List<String> order) {
        this.sql = sql;
        this.order = order;
    }

    /**
     * Parses a query; a colon inside quotes, or doubled ({@code ::}, PostgreSQL's cast), is left alone.
     *
     * @throws IllegalArgumentException when the query names a parameter that does not exist
     */
    static NamedQuery parse(String text) {
        StringBuilder sql = new StringBuilder(text.length());
        List<String> order = new ArrayList<>();
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == ':' && i + 1 < text.length() && text.charAt(i + 1) == ':') {
                sql.append("::");
                i++;
                continue;
            } else if (c == ':' && i + 1 < text.length() && Character.isJavaIdentifierStart(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < text.length() && Character.isJavaIdentifierPart(text.charAt(end))) {
                    end++;
                }
                String name = text.substring(i + 1, end);
                if (!NAMES.contains(name)) {
                    throw new IllegalArgumentException("unknown parameter :" + name + " in " + text + "; known: " + NAMES);
                }
                order.add(name);
                sql.append('?');
                i = end - 1;
                continue;
            }
            sql.append(c);
        }
        return new NamedQuery(sql.toString(), List.copyOf(order));
    }

    /** The statement with the parameters bound and the query timeout set. */
    PreparedStatement prepare(Connection connection, Map<String, String> values, int timeoutSeconds) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql);
        try {
            statement.setQueryTimeout(timeoutSeconds);
            for (int i = 0; i < order.size(); i++) {
                statement.setString(i + 1, values.get(order.get(i)));
            }
            return statement;
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
    }

    /** The JDBC text, with {@code ?} for each parameter. */
    String sql() {
        return sql;
    }
}

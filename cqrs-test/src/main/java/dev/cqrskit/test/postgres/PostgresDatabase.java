package dev.cqrskit.test.postgres;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * One PostgreSQL database created for a test class: where it is, how to log in, and a {@link DataSource} to it.
 *
 * <p>Instances are immutable and threadsafe. The data source opens a new physical connection on every call, so
 * closing a connection really closes it; put a pool in front of it if a test needs one.
 *
 * @since 0.1.0
 */
public final class PostgresDatabase {

    private final String name;
    private final String jdbcUrl;
    private final String user;
    private final String password;

    /**
     * Describes a database.
     *
     * @param name     the database's name
     * @param jdbcUrl  its JDBC URL, without credentials
     * @param user     the user to log in as
     * @param password the password, empty when the server trusts local connections
     */
    public PostgresDatabase(String name, String jdbcUrl, String user, String password) {
        this.name = Objects.requireNonNull(name, "name must not be null");
        this.jdbcUrl = Objects.requireNonNull(jdbcUrl, "jdbcUrl must not be null");
        this.user = Objects.requireNonNull(user, "user must not be null");
        this.password = Objects.requireNonNull(password, "password must not be null");
    }

    /** @return the database's name, unique per test class */
    public String name() {
        return name;
    }

    /** @return its JDBC URL, without credentials ({@code jdbc:postgresql://127.0.0.1:port/name}) */
    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** @return the user to log in as */
    public String user() {
        return user;
    }

    /** @return the password, empty when the server trusts local connections */
    public String password() {
        return password;
    }

    /**
     * Returns a data source that opens a new connection to this database on every call.
     *
     * @return a new, unpooled data source
     */
    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setURL(jdbcUrl);
        dataSource.setUser(user);
        if (!password.isEmpty()) {
            dataSource.setPassword(password);
        }
        return dataSource;
    }

    /**
     * Opens a new connection to this database.
     *
     * @return an open connection in auto-commit mode; the caller closes it
     * @throws IllegalStateException if the server refuses the connection
     */
    public Connection connect() {
        try {
            return dataSource().getConnection();
        } catch (SQLException e) {
            throw new IllegalStateException("Could not connect to test database " + name + " at " + jdbcUrl
                    + " as " + user + ": " + e.getMessage() + ". Is the server running?", e);
        }
    }

    @Override
    public String toString() {
        return "PostgresDatabase[" + jdbcUrl + ", user=" + user + "]";
    }
}

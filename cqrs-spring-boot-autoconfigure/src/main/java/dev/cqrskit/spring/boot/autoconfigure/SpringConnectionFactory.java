package dev.cqrskit.spring.boot.autoconfigure;

import java.sql.Connection;
import javax.sql.DataSource;
import org.jdbi.v3.core.ConnectionFactory;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Hands Jdbi the connection of the Spring transaction on this thread, if any, and a pooled one otherwise; releasing
 * it leaves a transaction's connection open for the transaction manager. Threadsafe.
 */
final class SpringConnectionFactory implements ConnectionFactory {

    private final DataSource dataSource;

    SpringConnectionFactory(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public Connection openConnection() {
        return DataSourceUtils.getConnection(dataSource);
    }

    @Override
    public void closeConnection(Connection connection) {
        DataSourceUtils.releaseConnection(connection, dataSource);
    }
}

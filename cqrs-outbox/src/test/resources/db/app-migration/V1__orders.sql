-- The application's own first migration, next to cqrs-kit's schema.
CREATE TABLE orders (id BIGINT PRIMARY KEY, total BIGINT NOT NULL);

-- A host application's own first migration, in Flyway's default location, as a host would have it.
CREATE TABLE host_customer (
    id   BIGINT       NOT NULL,
    name VARCHAR(200) NOT NULL,
    CONSTRAINT host_customer_pk PRIMARY KEY (id)
);

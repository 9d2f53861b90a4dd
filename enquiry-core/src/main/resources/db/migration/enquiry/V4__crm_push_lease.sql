-- One CRM push per tenant at a time, across replicas: a push takes the lease, calls Zoho without
-- holding a database connection, and gives the lease back when it stores the leads. A lease whose
-- holder died runs out on its own.
alter table crm_connections
    add column push_holder uuid,
    add column push_until  timestamptz;

-- Runtime roles: one per service, subject to row-level security (never the schema owner).
create role tenant_svc login password 'tenant_svc' nosuperuser nobypassrls;
create role catalog_svc login password 'catalog_svc' nosuperuser nobypassrls;
create role enquiry_svc login password 'enquiry_svc' nosuperuser nobypassrls;
create role tryon_svc login password 'tryon_svc' nosuperuser nobypassrls;

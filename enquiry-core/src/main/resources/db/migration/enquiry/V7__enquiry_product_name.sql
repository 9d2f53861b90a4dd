-- The name of the product asked about, as the supplier's catalog showed it when the enquiry was sent, so the
-- inbox, the supplier's email and the CRM lead say what was asked about. Empty when no product was named or
-- the catalog could not be asked.
alter table enquiries add column product_name text not null default '';

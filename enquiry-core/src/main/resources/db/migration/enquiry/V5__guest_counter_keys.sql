-- Guests are counted under HMAC-SHA256 keys with a secret (derived from CRM_SECRET_KEY, else a random
-- key of the process) instead of the plain SHA-256 digests V1 describes, which anyone reading this
-- table could turn back into IPv4 addresses and known email addresses. Rows keyed the old way no
-- longer match any guest; they go now rather than stay readable until the daily purge, and today's
-- counts start again.
delete from guest_enquiry_counts;

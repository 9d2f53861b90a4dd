-- A worker claims the oldest ready jobs of its queues. With the index on (queue, run_at), a claim
-- over several queues read and sorted every ready job, so with a backlog of 17,000 each claim cost
-- ~6 ms: the queue slowed down exactly when it had most to do. Ordered by run_at alone, a claim
-- reads only the rows it takes (the few rows of other queues are filtered on the way).
create index jobs_ready_by_time_idx on jobs (run_at) where state = 'queued';
drop index jobs_ready_idx;

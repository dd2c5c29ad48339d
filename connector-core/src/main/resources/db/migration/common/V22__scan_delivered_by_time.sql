-- Each page a scan records deletes the marks older than it keeps (`updated_at < ?` of one ticket
-- system). The primary key leads with the ticket key, so that delete read every mark of the
-- system: with 10,000 tickets open, tens of thousands of rows a page, and a quarter of the CPU a
-- node spent with every push pending (BENCHMARKS.md). Now it reads only what it deletes.
create index ix_scan_delivered_time on scan_delivered (ticket_system, updated_at);

-- The programme data's change counter (lib/ops/data-version.ts): the page caches' O(1) check.
-- Every statement that writes one of the tables below takes the shared advisory lock 727011 (held
-- until its transaction ends) and then bumps data_change_seq. A reader reads the counter first
-- and then looks whether any transaction holds that lock: when none does, every bump it read
-- belongs to a finished transaction; while a writer is under way it falls back to the full
-- fingerprint. Writers share the lock and nextval is not transactional, so nobody waits.
CREATE SEQUENCE IF NOT EXISTS data_change_seq;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION data_change_bump() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_advisory_xact_lock_shared(727011);
  PERFORM nextval('data_change_seq');
  RETURN NULL;
END;
$$;
--> statement-breakpoint
DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY[
    'audit_events', 'onboarding_step_events', 'onboarding_steps', 'institutions', 'institution_readiness',
    'endpoints', 'endpoint_versions', 'go_live_confirmations', 'go_live_overrides', 'exchange_volumes',
    'programme_milestones', 'institution_plan_changes', 'status_incidents', 'status_incident_updates',
    'status_maintenance'
  ] LOOP
    EXECUTE format('CREATE TRIGGER %I AFTER INSERT OR UPDATE OR DELETE ON %I FOR EACH STATEMENT EXECUTE FUNCTION data_change_bump()', t || '_data_change', t);
    -- audit_events refuses TRUNCATE in a BEFORE trigger (0001); the others may be truncated.
    IF t <> 'audit_events' THEN
      EXECUTE format('CREATE TRIGGER %I AFTER TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION data_change_bump()', t || '_data_change_truncate', t);
    END IF;
  END LOOP;
END;
$$;

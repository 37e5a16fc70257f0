-- What a user may see (role, teams, shares, security policy) is cached per process and request
-- (server/access/service.ts loadAccess); the cache entry is valid while the workspace's
-- access_version is unchanged. Every change to what access is computed from bumps it, in the
-- writing transaction, whatever the path — so every process sees the change on its next request.
ALTER TABLE workspaces ADD COLUMN access_version bigint NOT NULL DEFAULT 0;

CREATE FUNCTION bump_access_version() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  UPDATE workspaces SET access_version = access_version + 1
  WHERE id = CASE WHEN TG_OP = 'DELETE' THEN OLD.workspace_id ELSE NEW.workspace_id END;
  IF TG_OP = 'UPDATE' AND OLD.workspace_id IS DISTINCT FROM NEW.workspace_id THEN
    UPDATE workspaces SET access_version = access_version + 1 WHERE id = OLD.workspace_id;
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER roles_access_version AFTER INSERT OR UPDATE OR DELETE ON roles
  FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE TRIGGER teams_access_version AFTER INSERT OR UPDATE OR DELETE ON teams
  FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE TRIGGER team_members_access_version AFTER INSERT OR UPDATE OR DELETE ON team_members
  FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE TRIGGER record_shares_access_version AFTER INSERT OR UPDATE OR DELETE ON record_shares
  FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE TRIGGER workspace_security_access_version
  AFTER INSERT OR UPDATE OR DELETE ON workspace_security
  FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE TRIGGER users_access_version AFTER INSERT OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION bump_access_version();
CREATE TRIGGER users_access_version_update AFTER UPDATE ON users
  FOR EACH ROW
  WHEN ((OLD.role_id, OLD.role, OLD.active, OLD.password_changed_at, OLD.totp_enabled_at)
        IS DISTINCT FROM
        (NEW.role_id, NEW.role, NEW.active, NEW.password_changed_at, NEW.totp_enabled_at))
  EXECUTE FUNCTION bump_access_version();

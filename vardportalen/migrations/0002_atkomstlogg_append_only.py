from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION vardportalen_atkomstlogg_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'Åtkomstloggen får inte ändras eller raderas (%).', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER atkomstlogg_append_only
    BEFORE UPDATE OR DELETE ON vardportalen_atkomstlogg
    FOR EACH ROW EXECUTE FUNCTION vardportalen_atkomstlogg_append_only();
"""

ALLOW = """
DROP TRIGGER IF EXISTS atkomstlogg_append_only ON vardportalen_atkomstlogg;
DROP FUNCTION IF EXISTS vardportalen_atkomstlogg_append_only();
"""


class Migration(migrations.Migration):
    """Rows of the access log can be inserted, never changed or deleted (PDL, HSLF-FS 2016:40).

    TRUNCATE is left to database privileges: the application role must not own the table in production
    (see README, 'Drift'), while the test runner needs TRUNCATE to reset its database.
    """

    dependencies = [("vardportalen", "0001_initial")]

    operations = [migrations.RunSQL(FORBID, ALLOW)]

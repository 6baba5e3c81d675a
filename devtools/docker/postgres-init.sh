#!/bin/bash
# Runs once, when the postgres container initialises an empty data directory (docker-entrypoint-initdb.d).
#
# Two roles (README, "Drift"):
#   $POSTGRES_USER      owns the database and every table; only `manage.py migrate` connects as it.
#   $POSTGRES_APP_USER  what web, worker and beat connect as: SELECT/INSERT/UPDATE/DELETE, nothing else.
# The app role owns nothing, so it cannot TRUNCATE or ALTER/DROP the access log (vardportalen_atkomstlogg);
# UPDATE and DELETE on it are refused by the append-only trigger.
set -euo pipefail

: "${POSTGRES_APP_USER:?set POSTGRES_APP_USER in .env}"
: "${POSTGRES_APP_PASSWORD:?set POSTGRES_APP_PASSWORD in .env}"

psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" \
     -v app_user="$POSTGRES_APP_USER" -v app_password="$POSTGRES_APP_PASSWORD" \
     -v owner="$POSTGRES_USER" -v db="$POSTGRES_DB" <<'SQL'
CREATE ROLE :"app_user" LOGIN PASSWORD :'app_password' NOSUPERUSER NOCREATEDB NOCREATEROLE;
REVOKE ALL ON DATABASE :"db" FROM PUBLIC;
GRANT CONNECT, TEMPORARY ON DATABASE :"db" TO :"app_user";
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO :"app_user";
-- Tables and sequences that migrate (the owner) creates later:
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT USAGE, SELECT ON SEQUENCES TO :"app_user";
ALTER DEFAULT PRIVILEGES FOR ROLE :"owner" IN SCHEMA public
    GRANT EXECUTE ON FUNCTIONS TO :"app_user";
SQL

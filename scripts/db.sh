#!/usr/bin/env bash
# Project-local PostgreSQL cluster for development and tests.
#   scripts/db.sh start   create the cluster on first use, start it if stopped
#   scripts/db.sh stop    stop it
#   scripts/db.sh url     print the DATABASE_URL of the local cluster (the app role, with its password)
#   scripts/db.sh owner-url   print its DATABASE_OWNER_URL (the owner role)
#   scripts/db.sh replica     make (first time: pg_basebackup -R with a replication slot) and start a
#                             hot standby streaming from the cluster, on port 54330
#   scripts/db.sh replica-stop    stop it;  replica-drop: stop it, delete it and drop its slot
#   scripts/db.sh replica-url     print its DATABASE_REPLICA_URL (the app role, read-only there)
# Two roles (unionhub/dbroles.py): unionhub_owner owns the database and its schema and runs
# migrations (CREATEDB: it creates the test databases); unionhub_app is what the application
# connects as: no superuser, owns nothing, may not create databases or roles.
# Every role asks for its password, on the socket and on loopback (scram-sha-256), the superuser
# postgres too: the passwords are generated on first use and kept in var/pgpass (libpq's pgpass format,
# mode 600, like var/secret_key), which this script's psql reads (PGPASSFILE) and settings.py too
# (unionhub/localdb.py). A cluster made before, trusting every local connection, is given the
# passwords and the new pg_hba.conf by `start`.
# initdb and pg_ctl refuse to run as root: as root they run as the postgres user, and when
# that user cannot reach var/ (a clone under /root, say) the data lives in a folder it can
# reach, with var/pgdata as a symlink to it.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)
PORT=${UNIONHUB_PGPORT:-54329}
REPLICA_PORT=${UNIONHUB_REPLICA_PORT:-54330}
SLOT=unionhub_replica_$REPLICA_PORT
DB_NAME=unionhub
OWNER=unionhub_owner
APP=unionhub_app
PASSFILE="$ROOT/var/pgpass"
export PGPASSFILE="$PASSFILE"

pg_bindir() {
    for dir in /usr/lib/postgresql/15/bin /usr/lib/postgresql/*/bin; do
        [ -x "$dir/pg_ctl" ] && { echo "$dir"; return; }
    done
    command -v pg_config >/dev/null && { pg_config --bindir; return; }
    echo "PostgreSQL server binaries not found: run 'make install'." >&2
    exit 1
}
BIN=$(pg_bindir)

as_owner() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

# The role's password kept in var/pgpass.
password() {
    if [ ! -f "$PASSFILE" ]; then
        echo "No $PASSFILE: run 'scripts/db.sh start' (make db) first." >&2; exit 1
    fi
    awk -F: -v role="$1" '$4 == role { print $5 }' "$PASSFILE"
}

# One password per role, generated once (48 hex digits: nothing to escape in a URL or in pgpass).
keep_passwords() {
    [ -f "$PASSFILE" ] && return
    mkdir -p "$ROOT/var"
    (
        umask 077
        for role in postgres $OWNER $APP; do
            echo "127.0.0.1:*:*:$role:$(od -An -N24 -tx1 /dev/urandom | tr -d ' \n')"
        done > "$PASSFILE.new"
    )
    mv "$PASSFILE.new" "$PASSFILE"
    echo "Generated $PASSFILE (the cluster's passwords: keep it with the cluster)."
}

# Who may connect: every role, every database, replication too, with its password.
hba() {
    cat <<HBA
# scripts/db.sh: every role gives its password (var/pgpass), on the socket and on loopback.
local   all          all                  scram-sha-256
host    all          all   127.0.0.1/32   scram-sha-256
host    all          all   ::1/128        scram-sha-256
local   replication  all                  scram-sha-256
host    replication  all   127.0.0.1/32   scram-sha-256
host    replication  all   ::1/128        scram-sha-256
HBA
}

# psql as the superuser on 127.0.0.1:$1, its password from var/pgpass (-w: never a prompt).
superuser_psql() {
    local port=$1; shift
    "$BIN/psql" -w -h 127.0.0.1 -p "$port" -U postgres -qtA "$@"
}

data_dir() {
    mkdir -p "$ROOT/var"
    if [ -e "$ROOT/var/pgdata" ] || [ -L "$ROOT/var/pgdata" ]; then
        readlink -f "$ROOT/var/pgdata"; return
    fi
    if [ "$(id -u)" != 0 ]; then
        echo "$ROOT/var/pgdata"; return
    fi
    if runuser -u postgres -- test -x "$ROOT/var" -a -w "$ROOT/var" 2>/dev/null; then
        echo "$ROOT/var/pgdata"; return
    fi
    # postgres cannot reach the work tree: keep the data elsewhere, linked from var/.
    local elsewhere="/var/tmp/unionhub-pg-$(echo "$ROOT" | cksum | cut -d' ' -f1)"
    mkdir -p "$elsewhere"
    chown postgres: "$elsewhere"
    ln -s "$elsewhere" "$ROOT/var/pgdata"
    echo "$elsewhere"
}

# The cluster asks for passwords and var/pgpass that kept them is gone (a fresh clone of the project
# whose cluster lives outside it, in /var/tmp): the cluster's own OS user sets the new ones. The server
# is started once with no TCP listener and a pg_hba.conf trusting its socket, which lives in the data
# folder (mode 700: only that user and root reach it), then stopped; the data is kept.
reset_passwords() {
    local data=$1 hba_file
    echo "The cluster in $data asks for passwords and $PASSFILE that kept them was gone: setting new ones."
    if as_owner "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$data" -w stop -m fast >/dev/null
    fi
    hba_file="$data/pg_hba.reset.conf"
    echo "local all all trust" > "$hba_file"
    [ "$(id -u)" = 0 ] && chown postgres: "$hba_file"
    as_owner "$BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 \
        -o "-c listen_addresses='' -c hba_file=$hba_file" start >/dev/null
    as_owner "$BIN/psql" -w -h "$data" -p "$PORT" -U postgres -d postgres -qtA -v ON_ERROR_STOP=1 <<SQL
ALTER ROLE postgres PASSWORD '$(password postgres)';
DO \$\$
BEGIN
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$OWNER') THEN
        ALTER ROLE $OWNER PASSWORD '$(password $OWNER)';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$APP') THEN
        ALTER ROLE $APP PASSWORD '$(password $APP)';
    END IF;
END
\$\$;
SQL
    as_owner "$BIN/pg_ctl" -D "$data" -w stop -m fast >/dev/null
    rm -f "$hba_file"
}

start() {
    local data
    data=$(data_dir)
    if [ "$(id -u)" = 0 ]; then
        mkdir -p "$data"; chown postgres: "$data"
        # var/ itself must be enterable and writable by postgres when the data is inside it.
        case "$data" in "$ROOT"/*) chown postgres: "$ROOT/var" ;; esac
    fi
    local lost=
    [ -f "$data/PG_VERSION" ] && [ ! -f "$PASSFILE" ] && hba | cmp -s - "$data/pg_hba.conf" && lost=1
    keep_passwords
    [ -n "$lost" ] && reset_passwords "$data"
    if [ ! -f "$data/PG_VERSION" ]; then
        echo "Creating PostgreSQL cluster in $data"
        # The superuser's password reaches initdb in a file only it can read, removed straight after.
        local pwfile
        pwfile=$(mktemp)
        password postgres > "$pwfile"
        [ "$(id -u)" = 0 ] && chown postgres: "$pwfile"
        as_owner "$BIN/initdb" -D "$data" -U postgres --auth=scram-sha-256 --pwfile="$pwfile" \
            --encoding=UTF8 --locale=C.UTF-8 >/dev/null || { rm -f "$pwfile"; exit 1; }
        rm -f "$pwfile"
        hba > "$data/pg_hba.conf"
        cat >> "$data/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $PORT
unix_socket_directories = '$data'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
shared_buffers = 256MB
CONF
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 60 start >/dev/null
    fi
    local psql=(superuser_psql "$PORT" -d postgres)
    if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$OWNER'")" != 1 ]; then
        "${psql[@]}" -c "create role $OWNER login createdb"
    fi
    if [ "$("${psql[@]}" -c "select 1 from pg_roles where rolname='$APP'")" != 1 ]; then
        "${psql[@]}" -c "create role $APP login nosuperuser nocreatedb nocreaterole"
    fi
    # The kept passwords, set every time (on standard input: never on a command line), then pg_hba.conf:
    # a cluster made trusting every local connection asks for them from here on.
    "${psql[@]}" -v ON_ERROR_STOP=1 <<SQL
ALTER ROLE postgres PASSWORD '$(password postgres)';
ALTER ROLE $OWNER PASSWORD '$(password $OWNER)';
ALTER ROLE $APP PASSWORD '$(password $APP)';
SQL
    if ! hba | cmp -s - "$data/pg_hba.conf"; then
        echo "Passwords from now on: rewriting $data/pg_hba.conf"
        hba > "$data/pg_hba.conf"
        "${psql[@]}" -c "select pg_reload_conf()" >/dev/null
    fi
    if [ "$("${psql[@]}" -c "select 1 from pg_database where datname='$DB_NAME'")" != 1 ]; then
        "${psql[@]}" -c "create database $DB_NAME owner $OWNER"
    fi
    local db_owner
    db_owner=$("${psql[@]}" -c "select pg_get_userbyid(datdba) from pg_database where datname='$DB_NAME'")
    if [ "$db_owner" != "$OWNER" ]; then
        # A cluster from before the two roles: hand the database and its objects to the owner role.
        echo "Handing the database $DB_NAME from $db_owner to $OWNER"
        "${psql[@]}" -c "alter database $DB_NAME owner to $OWNER"
        superuser_psql "$PORT" -d "$DB_NAME" -v ON_ERROR_STOP=1 <<SQL
DO \$\$
DECLARE statement text;
BEGIN
    FOR statement IN
        SELECT format('ALTER TABLE %I.%I OWNER TO $OWNER', n.nspname, c.relname)
        FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
        WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm', 'S')
          AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))
        UNION ALL
        SELECT format('ALTER FUNCTION %s OWNER TO $OWNER', p.oid::regprocedure)
        FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
        WHERE n.nspname = 'public'
    LOOP
        EXECUTE statement;
    END LOOP;
END
\$\$;
SQL
    fi
    # A test database kept (--reuse-db) from before the two roles is dropped; the tests make it again.
    if [ "$("${psql[@]}" -c "select pg_get_userbyid(datdba) <> '$OWNER' from pg_database where datname='test_$DB_NAME'")" = t ]; then
        "${psql[@]}" -c "drop database test_$DB_NAME"
    fi
    echo "PostgreSQL is running on 127.0.0.1:$PORT ($data)"
}

stop() {
    local data
    data=$(data_dir)
    if [ -f "$data/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$data" -w stop -m fast >/dev/null
        echo "PostgreSQL stopped."
    fi
}

replica_dir() {
    # Beside the primary's data when postgres can reach var/, else in /var/tmp (see data_dir).
    if [ "$(id -u)" != 0 ] || runuser -u postgres -- test -x "$ROOT/var" -a -w "$ROOT/var" 2>/dev/null; then
        mkdir -p "$ROOT/var"; echo "$ROOT/var/pgreplica"; return
    fi
    echo "/var/tmp/unionhub-replica-$(echo "$ROOT:$REPLICA_PORT" | cksum | cut -d' ' -f1)"
}

replica() {
    local data psql
    data=$(replica_dir)
    psql=(superuser_psql "$PORT" -d postgres)
    if [ -f "$data/PG_VERSION" ] && ! grep -q "password=" "$data/postgresql.auto.conf"; then
        echo "The standby in $data was copied when the cluster asked for no password: copying it again."
        replica_drop
    fi
    if [ ! -f "$data/PG_VERSION" ]; then
        echo "Copying the cluster on port $PORT into a standby in $data"
        mkdir -p "$data"
        [ "$(id -u)" = 0 ] && chown postgres: "$data" && chmod 700 "$data"
        if [ "$("${psql[@]}" -c "select 1 from pg_replication_slots where slot_name='$SLOT'")" != 1 ]; then
            "${psql[@]}" -c "select pg_create_physical_replication_slot('$SLOT')" >/dev/null
        fi
        # -R writes standby.signal and primary_conninfo (with the password, read from PGPASSWORD: the
        # postgres user cannot read var/pgpass); -S streams through the slot, so the primary keeps the
        # WAL the standby has not yet replayed.
        (
            PGPASSWORD=$(password postgres)
            export PGPASSWORD
            unset PGPASSFILE
            as_owner "$BIN/pg_basebackup" -w -h 127.0.0.1 -p "$PORT" -U postgres -D "$data" -R -S "$SLOT" -X stream
        )
        cat >> "$data/postgresql.conf" <<CONF
# The standby (scripts/db.sh replica)
port = $REPLICA_PORT
unix_socket_directories = '$data'
hot_standby = on
hot_standby_feedback = on
shared_buffers = 128MB
CONF
    fi
    if ! as_owner "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$data" -l "$data/server.log" -w -t 120 start >/dev/null
    fi
    local rpsql=(superuser_psql "$REPLICA_PORT" -d postgres)
    if [ "$("${rpsql[@]}" -c "select pg_is_in_recovery()")" != t ]; then
        echo "The server on port $REPLICA_PORT is not a standby." >&2; exit 1
    fi
    echo "Replica streaming from port $PORT is running on 127.0.0.1:$REPLICA_PORT ($data)"
}

replica_stop() {
    local data
    data=$(replica_dir)
    if [ -f "$data/PG_VERSION" ] && as_owner "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; then
        as_owner "$BIN/pg_ctl" -D "$data" -w stop -m fast >/dev/null
        echo "Replica stopped."
    fi
}

replica_drop() {
    replica_stop
    rm -rf "$(replica_dir)"
    superuser_psql "$PORT" -d postgres \
        -c "select pg_drop_replication_slot('$SLOT') from pg_replication_slots where slot_name='$SLOT'" >/dev/null
    echo "Replica and its slot dropped."
}

# The URL of role $1 on port $2, with its kept password.
url() {
    local secret
    secret=$(password "$1")
    echo "postgres://$1:$secret@127.0.0.1:$2/$DB_NAME"
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    url) url $APP "$PORT" ;;
    owner-url) url $OWNER "$PORT" ;;
    replica) replica ;;
    replica-stop) replica_stop ;;
    replica-drop) replica_drop ;;
    replica-url) url $APP "$REPLICA_PORT" ;;
    *) echo "usage: $0 start|stop|url|owner-url|replica|replica-stop|replica-drop|replica-url" >&2; exit 2 ;;
esac

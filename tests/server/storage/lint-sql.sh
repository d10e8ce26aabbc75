#!/bin/sh
# lint-sql.sh FILE… — the storage's SQL stays in the dialect SQLite and PostgreSQL share:
# fails naming every line of FILE… that uses a construct only SQLite knows (see the
# comment at the top of src/server/storage/ld-storage.c for the shared forms); comment lines
# (starting with /* or *) are not SQL
status=0
for pattern in 'INSERT OR ' 'REPLACE INTO' 'IFNULL *(' 'datetime *(' 'strftime *(' \
               'julianday *(' 'last_insert_rowid' 'rowid' ' GLOB ' 'AUTOINCREMENT' \
               'group_concat *(' "date('now')"; do
  if grep -H -n -i -- "$pattern" "$@" | grep -v -E '^[^:]+:[0-9]+: *(/\*|\*)'; then
    echo "SQLite-only SQL: $pattern (use the form PostgreSQL shares)" >&2
    status=1
  fi
done
exit $status

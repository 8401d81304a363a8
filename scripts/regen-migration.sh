#!/usr/bin/env bash
# Development only (issue 10, while 0003 has not landed): regenerates drizzle/0003 from the schema
# files, so several people can change the part-2 schema without numbering clashes. Serialised by flock.
set -euo pipefail
cd "$(dirname "$0")/.."
exec 9>/tmp/regen-migration.lock
flock 9
rm -f drizzle/0003_*.sql drizzle/meta/0003_snapshot.json
node -e '
const fs=require("fs");const p="drizzle/meta/_journal.json";const j=JSON.parse(fs.readFileSync(p));
j.entries=j.entries.filter(e=>e.idx<3);fs.writeFileSync(p,JSON.stringify(j,null,2)+"\n");'
npx drizzle-kit generate --name promotions >/dev/null
ls drizzle/0003_*.sql

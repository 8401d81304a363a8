// Part 1 of 2 of the API fuzz tests (test/fuzz-api.ts): half of the routes, one PGlite database.
import { fuzzApiRoutes } from "./fuzz-api";

fuzzApiRoutes({ shard: 0, shards: 2 });

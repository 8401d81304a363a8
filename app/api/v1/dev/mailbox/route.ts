// GET /api/v1/dev/mailbox — the same handler as /api/dev/mailbox (API.md "the local mailbox").
export { GET, POST, PUT, PATCH, DELETE, OPTIONS } from "../../../dev/mailbox/route";

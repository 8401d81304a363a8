// GET /api/v1/dev/mailbox — the same handler as /api/dev/mailbox (API.md "the local mailbox").
export { GET } from "../../../dev/mailbox/route";

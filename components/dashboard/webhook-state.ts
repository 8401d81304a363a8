/** What the add-webhook action answers: the new endpoint with its secret (shown once), or why not. */
export interface CreateWebhookState {
  created?: { id: string; url: string; secret: string };
  fieldErrors?: { url?: string; events?: string };
  error?: string;
  /** What was sent, to refill the form after a refusal. */
  values?: { url: string; events: string[] };
}

/** What the create-token action answers: the new secret (shown once), or why not. */
export interface CreateTokenState {
  created?: { token: string; name: string; expiresAt: string };
  /** Per field of the form: `name`, `days`. */
  fieldErrors?: { name?: string; days?: string };
  error?: string;
}
